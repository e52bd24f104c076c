import { defineRule } from '../src/rule.js';
import { hasOption } from '../src/facts/locks/options.js';
import { refusedInTransactionBlock } from '../src/facts/non-transactional.js';
import { whyInTransaction } from '../src/transaction-escape.js';

export default defineRule({
  meta: {
    id: 'ban-non-transactional-statement-in-transaction',
    kind: 'rule',
    description: 'A statement PostgreSQL refuses inside a transaction block (VACUUM, REINDEX DATABASE, ALTER DATABASE SET TABLESPACE, DISCARD ALL, CREATE SUBSCRIPTION …) in a transaction (fails: 25001).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'PostgreSQL refuses these statements inside a transaction block with SQLSTATE 25001 (active_sql_transaction), so a migration that runs them in one fails at deploy time, every time: CREATE/DROP DATABASE, ALTER DATABASE … SET TABLESPACE, CREATE/DROP TABLESPACE, ALTER SYSTEM, VACUUM (not ANALYZE alone), CLUSTER without a table, REINDEX SCHEMA/SYSTEM/DATABASE, ALTER TABLE … DETACH PARTITION … CONCURRENTLY, DISCARD ALL, COMMIT/ROLLBACK PREPARED, CREATE SUBSCRIPTION that creates a slot (the default), DROP SUBSCRIPTION of a subscription with a slot, ALTER SUBSCRIPTION … REFRESH PUBLICATION and SET/ADD/DROP PUBLICATION with refresh (the default), ALTER SUBSCRIPTION … SET (failover) (PostgreSQL 17+) and SET (two_phase = false) (18+), and ALTER TYPE … ADD VALUE before PostgreSQL 12. The CONCURRENTLY index statements are reported by ban-concurrent-index-creation-in-transaction.',
      solution:
        'Put the statement in its own migration that runs outside a transaction: no BEGIN/COMMIT around it, and the runner told not to wrap it (`-- +goose NO TRANSACTION`, `-- migrate:up transaction:false`, alembic `autocommit_block()`).',
      bad: 'BEGIN;\nVACUUM (ANALYZE) orders;\nCOMMIT;',
      good: 'VACUUM (ANALYZE) orders;',
    },
  },
  create(ctx) {
    return {
      statement(stmt) {
        if (!stmt.inTransaction && !stmt.nested) return;
        const what = refusedInTransactionBlock(stmt.node, ctx.pgVersion);
        if (!what || reportedAsConcurrentIndex(stmt.node)) return;
        const { why, help } = whyInTransaction(ctx);
        ctx.report({ message: `${what} cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (${why}).`, help });
      },
    };
  },
});

/** What ban-concurrent-index-creation-in-transaction reports. */
function reportedAsConcurrentIndex(node: Parameters<typeof refusedInTransactionBlock>[0]): boolean {
  if ('IndexStmt' in node) return node.IndexStmt.concurrent === true;
  if ('DropStmt' in node) return node.DropStmt.concurrent === true;
  if ('ReindexStmt' in node) return hasOption(node.ReindexStmt.params, 'concurrently');
  return false;
}
