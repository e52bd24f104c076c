// The subcommands of an ALTER TABLE that can lock or scan rows: those on a table that existed
// before the statement. A table created earlier in the same section is new and empty.
import type { AlterTableCmd, AlterTableStmt } from '@pgsql/types';
import type { MigrationFacts } from './types.js';

export function commandsOnExistingTable(node: AlterTableStmt, facts: MigrationFacts, statementIndex: number): AlterTableCmd[] {
  if (node.objtype !== 'OBJECT_TABLE' || facts.isTableCreatedEarlier(node.relation, statementIndex)) return [];
  return (node.cmds ?? []).flatMap((item) => ('AlterTableCmd' in item ? [item.AlterTableCmd] : []));
}
