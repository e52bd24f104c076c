import type { Node } from '@pgsql/types';
import { defineRule, type RuleContext } from '../src/rule.js';

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
      const { why, help } = reason(ctx);
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

const OWN_MIGRATION = 'Move it to its own migration that runs outside a transaction';

function reason(ctx: RuleContext): { why: string; help: string } {
  if (ctx.statement.nested) {
    return { why: 'statements of a DO block always run in its transaction', help: `${OWN_MIGRATION}, as a plain statement rather than inside a DO block.` };
  }
  if (ctx.transaction === 'explicit') {
    return { why: 'it follows a BEGIN', help: `${OWN_MIGRATION}: no BEGIN/COMMIT around it.` };
  }
  switch (ctx.migration.runner) {
    case 'goose':
      return { why: 'goose runs this migration in a transaction', help: `${OWN_MIGRATION}, marked \`-- +goose NO TRANSACTION\`.` };
    case 'dbmate':
      return { why: 'dbmate runs this migration in a transaction', help: `${OWN_MIGRATION}, marked \`-- migrate:${ctx.section} transaction:false\`.` };
    case 'alembic':
      return {
        why: 'alembic wraps this migration in BEGIN/COMMIT',
        help: `${OWN_MIGRATION}: in the revision, run it inside \`with op.get_context().autocommit_block():\`.`,
      };
    default:
      return {
        why: `the ${ctx.migration.runner} runner runs this migration in a transaction`,
        help: `${OWN_MIGRATION}, with the runner told not to wrap it (and \`assumeInTransaction\` off).`,
      };
  }
}
