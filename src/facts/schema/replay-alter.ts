// Replay of ALTER TABLE: the subcommands that change columns, defaults, nullability,
// identity, generation and constraints. Others (storage, triggers, partitions …) change nothing modelled.
import type { AlterTableCmd, AlterTableStmt } from '@pgsql/types';
import type { Catalog, TableState } from './catalog.js';
import { addColumn, columnDefault } from './column-def.js';
import { columnType } from './column-type.js';
import { addConstraint } from './constraints.js';
import { dropColumn, dropConstraint, validateConstraint } from './table-ops.js';

function applyCommand(catalog: Catalog, table: TableState, cmd: AlterTableCmd): void {
  const column = cmd.name !== undefined ? table.columns.get(cmd.name) : undefined;
  const def = cmd.def;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      if (def && 'ColumnDef' in def) {
        if (cmd.missing_ok && def.ColumnDef.colname !== undefined && table.columns.has(def.ColumnDef.colname)) return;
        addColumn(catalog, table, def.ColumnDef, false);
      }
      return;
    case 'AT_DropColumn':
      if (cmd.name !== undefined) dropColumn(catalog, table, cmd.name);
      return;
    case 'AT_AlterColumnType':
      if (column && def && 'ColumnDef' in def) column.type = columnType(def.ColumnDef.typeName).type;
      return;
    case 'AT_ColumnDefault': {
      if (!column) return;
      const value = columnDefault(catalog, def);
      if (value) column.default = value;
      else delete column.default;
      return;
    }
    case 'AT_SetNotNull':
      if (column) column.notNull = true;
      return;
    case 'AT_DropNotNull':
      if (!column) return;
      column.notNull = false;
      for (const [name, c] of [...table.constraints]) {
        if (c.kind === 'not-null' && c.columns.includes(column.name)) table.constraints.delete(name);
      }
      return;
    case 'AT_AddIdentity':
      if (column && def && 'Constraint' in def) {
        column.identity = def.Constraint.generated_when === 'a' ? 'always' : 'by-default';
        column.notNull = true;
      }
      return;
    case 'AT_DropIdentity':
      if (column) delete column.identity;
      return;
    case 'AT_DropExpression':
      if (column) delete column.generated;
      return;
    case 'AT_AddConstraint':
      if (def && 'Constraint' in def) addConstraint(catalog, table, def.Constraint, { newTable: false });
      return;
    case 'AT_ValidateConstraint':
      if (cmd.name !== undefined) validateConstraint(table, cmd.name);
      return;
    case 'AT_DropConstraint':
      if (cmd.name !== undefined) dropConstraint(catalog, table, cmd.name);
      return;
    default:
      return;
  }
}

export function replayAlterTable(catalog: Catalog, stmt: AlterTableStmt): void {
  if (stmt.objtype !== 'OBJECT_TABLE') return;
  const table = catalog.writableTable(stmt.relation);
  if (!table) return;
  for (const cmd of stmt.cmds ?? []) if ('AlterTableCmd' in cmd) applyCommand(catalog, table, cmd.AlterTableCmd);
}
