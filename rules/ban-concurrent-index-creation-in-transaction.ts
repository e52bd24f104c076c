import type { Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { whyInTransaction } from '../src/transaction-escape.js';

export default defineRule({
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    kind: 'rule',
    description: 'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY inside a transaction (fails: 25001).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX … CONCURRENTLY cannot run inside a transaction block: PostgreSQL refuses them with SQLSTATE 25001 (active_sql_transaction), so the migration fails at deploy time. The transaction is not always visible in the file: goose (without `-- +goose NO TRANSACTION`), dbmate (without `transaction:false`) and alembic's offline SQL wrap every migration in one, and so does any runner with `assumeInTransaction`.",
      solution:
        'Put the statement in its own migration that runs outside a transaction: no BEGIN/COMMIT around it, and the runner told not to wrap it (`-- +goose NO TRANSACTION`, `-- migrate:up transaction:false`, alembic `autocommit_block()`).',
      bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCOMMIT;',
      good: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(ctx) {
    const check = (what: string) => {
      if (!ctx.statement.inTransaction && !ctx.statement.nested) return;
      const { why, help } = whyInTransaction(ctx);
      ctx.report({
        message: `${what} cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (${why}).`,
        help,
      });
    };
    return {
      IndexStmt(node) {
        if (node.concurrent) check('CREATE INDEX CONCURRENTLY');
      },
      DropStmt(node) {
        if (node.removeType === 'OBJECT_INDEX' && node.concurrent) check('DROP INDEX CONCURRENTLY');
      },
      ReindexStmt(node) {
        if (hasOption(node.params, 'concurrently')) check('REINDEX CONCURRENTLY');
      },
    };
  },
});

function hasOption(params: Node[] | undefined, name: string): boolean {
  return (params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === name);
}
