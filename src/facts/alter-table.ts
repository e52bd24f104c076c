// The subcommands of an ALTER TABLE that can lock or scan rows: those on a table that existed
// before the statement. A table created earlier in the same section is new and empty.
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint } from '@pgsql/types';
import type { MigrationFacts } from './types.js';
import { unwrapped } from './node-lists.js';

// A dozen rules ask about the ALTER TABLE being visited, one after the other: the last answer is kept.
let last: { node: AlterTableStmt; facts: MigrationFacts; statementIndex: number; commands: readonly AlterTableCmd[] } | undefined;

export function commandsOnExistingTable(node: AlterTableStmt, facts: MigrationFacts, statementIndex: number): readonly AlterTableCmd[] {
  if (last?.node === node && last.facts === facts && last.statementIndex === statementIndex) return last.commands;
  const commands = node.objtype !== 'OBJECT_TABLE' || facts.isTableCreatedEarlier(node.relation, statementIndex) ? [] : unwrapped(node.cmds, 'AlterTableCmd');
  last = { node, facts, statementIndex, commands };
  return commands;
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
  return unwrapped(column.constraints, 'Constraint');
}
