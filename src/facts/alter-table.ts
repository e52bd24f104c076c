// The subcommands of an ALTER TABLE that can lock or scan rows: those on a table that existed
// before the statement. A table created earlier in the same section is new and empty.
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint } from '@pgsql/types';
import type { MigrationFacts } from './types.js';

export function commandsOnExistingTable(node: AlterTableStmt, facts: MigrationFacts, statementIndex: number): AlterTableCmd[] {
  if (node.objtype !== 'OBJECT_TABLE' || facts.isTableCreatedEarlier(node.relation, statementIndex)) return [];
  return (node.cmds ?? []).flatMap((item) => ('AlterTableCmd' in item ? [item.AlterTableCmd] : []));
}

/** What an ALTER TABLE adds to a table that existed before it: a constraint or a column. */
export type TableAddition = { constraint: Constraint; column?: undefined } | { column: ColumnDef; constraint?: undefined };

export function additionsToExistingTable(node: AlterTableStmt, facts: MigrationFacts, statementIndex: number): TableAddition[] {
  const out: TableAddition[] = [];
  for (const { subtype, def } of commandsOnExistingTable(node, facts, statementIndex)) {
    if (subtype === 'AT_AddConstraint' && def && 'Constraint' in def) out.push({ constraint: def.Constraint });
    else if (subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) out.push({ column: def.ColumnDef });
  }
  return out;
}

/** A column definition's own constraints (NOT NULL, DEFAULT, REFERENCES, UNIQUE …), unwrapped. */
export function columnConstraints(column: ColumnDef): Constraint[] {
  return (column.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []));
}
