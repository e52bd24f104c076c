import type { RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { usableForConcurrentRefresh } from '../src/fixes/concurrently.js';

const key = (schema: string | undefined, name: string) => `${schema ?? ''}.${name}`;

export default defineRule({
  meta: {
    id: 'require-concurrent-refresh',
    kind: 'rule',
    description: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY (ACCESS EXCLUSIVE: reads of the view wait).',
    severity: 'warning',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'REFRESH MATERIALIZED VIEW recomputes the view into a new file under an ACCESS EXCLUSIVE lock: every SELECT on the view waits until the whole query behind it has run again.',
      solution:
        'REFRESH MATERIALIZED VIEW CONCURRENTLY computes the new contents and applies the difference under an EXCLUSIVE lock, so reads go on. It needs a unique index (without WHERE) on plain columns of the view, and a view that has been populated. It may run inside a transaction. The fix is offered when the unique index is known (created earlier in the migration, or known to the schema model); a view created earlier in the same migration is not flagged.',
      bad: 'REFRESH MATERIALIZED VIEW order_totals;',
      good: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    },
  },
  create(ctx) {
    // Views with a unique, non-partial index created earlier in this section.
    const uniquelyIndexed = new Set<string>();
    const hasUniqueIndex = (rv: RangeVar) =>
      uniquelyIndexed.has(key(rv.schemaname, rv.relname ?? '')) ||
      uniquelyIndexed.has(key(undefined, rv.relname ?? '')) ||
      [...(ctx.facts.catalog.table(rv)?.indexes.values() ?? [])].some(usableForConcurrentRefresh);
    return {
      IndexStmt(node) {
        const plainColumns = (node.indexParams ?? []).every((p) => 'IndexElem' in p && p.IndexElem.name !== undefined);
        if (node.unique && !node.whereClause && plainColumns && node.relation?.relname) uniquelyIndexed.add(key(node.relation.schemaname, node.relation.relname));
      },
      RefreshMatViewStmt(node) {
        const rv = node.relation;
        if (node.concurrent || node.skipData || !rv?.relname || ctx.facts.isTableCreatedEarlier(rv, ctx.statement.index)) return;
        const name = rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname;
        const m = /^REFRESH\s+MATERIALIZED\s+VIEW\b/i.exec(ctx.statement.text);
        const fixable = m !== null && hasUniqueIndex(rv);
        const at = ctx.statement.span.start + (m?.[0].length ?? 0);
        ctx.report({
          message: `REFRESH MATERIALIZED VIEW ${name} takes an ACCESS EXCLUSIVE lock: every read of ${name} waits until its query has run again.`,
          help: fixable
            ? 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (reads go on).'
            : `Use REFRESH MATERIALIZED VIEW CONCURRENTLY, after creating a unique index without WHERE on ${name} (CONCURRENTLY needs one).`,
          ...(fixable ? { fix: { title: 'Add CONCURRENTLY', edits: [{ start: at, end: at, text: ' CONCURRENTLY' }] } } : {}),
        });
      },
    };
  },
});
