// The runner's own bookkeeping in the migration text: the row a runner's offline/SQL output
// writes to its version table (alembic `INSERT INTO alembic_version` / `UPDATE alembic_version`,
// Flyway's dry-run output, Liquibase updateSQL). Instant, and no part of the migration's work.
import type { Node } from '@pgsql/types';

const VERSION_TABLES = new Set(['alembic_version', 'flyway_schema_history', 'databasechangelog', 'databasechangeloglock']);

export function isRunnerBookkeeping(node: Node): boolean {
  const relation =
    'InsertStmt' in node ? node.InsertStmt.relation : 'UpdateStmt' in node ? node.UpdateStmt.relation : 'DeleteStmt' in node ? node.DeleteStmt.relation : undefined;
  return relation?.relname !== undefined && VERSION_TABLES.has(relation.relname.toLowerCase());
}
