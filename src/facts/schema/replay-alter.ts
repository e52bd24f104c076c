// Replay of ALTER TABLE: the subcommands that change columns, defaults, nullability,
// identity, generation and constraints. Others (storage, triggers, partitions …) change nothing modelled.
import type { AlterTableCmd, AlterTableStmt, RangeVar } from '@pgsql/types';
import type { Catalog, TableState } from './catalog.js';
import { addColumn, columnDefault, generatedFrom } from './column-def.js';
import { tableKey, type TreeEvent } from './events.js';
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
    case 'AT_SetExpression':
      if (column) generatedFrom(catalog, table, def);
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
  if (catalog.tableEvents) catalog.tableEvents.push(...treeEvents(catalog, stmt));
  const table = catalog.writableTable(stmt.relation);
  if (!table) return;
  for (const cmd of stmt.cmds ?? []) if ('AlterTableCmd' in cmd) applyCommand(catalog, table, cmd.AlterTableCmd);
}

/** ATTACH PARTITION and INHERIT: both tables join one tree (the table may be unknown to the model). */
function treeEvents(catalog: Catalog, stmt: AlterTableStmt): TreeEvent[] {
  const events: TreeEvent[] = [];
  const join = (ref: RangeVar | undefined, how: TreeEvent['how']) => {
    const table = tableKey(catalog, ref);
    if (table) events.push({ event: 'joined-tree', table, how });
  };
  for (const node of stmt.cmds ?? []) {
    if (!('AlterTableCmd' in node)) continue;
    const { subtype, def } = node.AlterTableCmd;
    const other = subtype === 'AT_AttachPartition' && def && 'PartitionCmd' in def ? def.PartitionCmd.name : subtype === 'AT_AddInherit' && def && 'RangeVar' in def ? def.RangeVar : undefined;
    if (!other) continue;
    const how = subtype === 'AT_AttachPartition' ? 'attach' : 'inherit';
    join(stmt.relation, how);
    join(other, how);
  }
  return events;
}
