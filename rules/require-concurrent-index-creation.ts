import { defineRule } from '../src/rule.js';
import { canCreateIndexConcurrently } from '../src/fixes/concurrently.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-creation',
    kind: 'rule',
    description: 'CREATE INDEX without CONCURRENTLY on an existing table.',
    severity: 'error',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table means minutes of blocked writes.',
      solution:
        'Build it with CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: reads and writes go on). It cannot run inside a transaction, so put it in its own migration that the runner does not wrap. A table created earlier in the same migration is empty and is not flagged.',
      bad: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
      good: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(ctx) {
    return {
      IndexStmt(node) {
        if (node.concurrent || ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) return;
        const table = node.relation?.relname ?? 'the table';
        const edit = concurrentlyEdit(ctx.statement.text, ctx.statement.span.start);
        const fixable = ctx.statement.canRunOutsideTransaction && edit !== undefined && !ctx.statement.nested && canCreateIndexConcurrently(ctx.facts.catalog, node.relation);
        ctx.report({
          message: `CREATE INDEX on ${table} without CONCURRENTLY blocks writes to ${table} while the index builds.`,
          help: !ctx.statement.canRunOutsideTransaction
            ? 'Use CREATE INDEX CONCURRENTLY in a separate migration that does not run in a transaction.'
            : 'Use CREATE INDEX CONCURRENTLY.',
          ...(fixable ? { fix: { title: 'Add CONCURRENTLY', edits: [edit] } } : {}),
        });
      },
    };
  },
});

/** Insert CONCURRENTLY after `CREATE [UNIQUE] INDEX`. */
function concurrentlyEdit(text: string, at: number) {
  const m = /^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.exec(text);
  return m ? { start: at + m[0].length, end: at + m[0].length, text: ' CONCURRENTLY' } : undefined;
}
