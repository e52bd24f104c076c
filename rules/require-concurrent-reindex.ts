import { defineRule } from '../src/rule.js';
import { canReindexConcurrently } from '../src/fixes/concurrently.js';
import { hasOption } from '../src/facts/locks/options.js';
import { tableOfIndexNamed } from '../src/facts/locks/existing.js';

const KIND: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

/** What a REINDEX of each kind holds up: SHARE on tables, ACCESS EXCLUSIVE on their indexes. */
const BLOCKS: Record<string, (target: string, table?: string) => string> = {
  INDEX: (t, table) => `writes to ${table ?? 'its table'} and every query that uses ${t}`,
  TABLE: (t) => `writes to ${t} and every query that uses its indexes`,
  SCHEMA: (t) => `writes to each table of ${t} and every query that uses its indexes, table by table`,
  DATABASE: () => 'writes to each table and every query that uses its indexes, table by table',
};

export default defineRule({
  meta: {
    id: 'require-concurrent-reindex',
    kind: 'rule',
    description: 'REINDEX without CONCURRENTLY (PostgreSQL 12 and later).',
    severity: 'error',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'REINDEX takes a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock on each index it rebuilds: every query the planner considers that index for waits too, so in practice reads and writes of the table stop until the rebuild ends.',
      solution:
        'From PostgreSQL 12 on, REINDEX … CONCURRENTLY builds the new index beside the old one under SHARE UPDATE EXCLUSIVE (reads and writes go on) and swaps them. It cannot run inside a transaction: give it a migration the runner does not wrap. REINDEX SYSTEM has no concurrent form and is not flagged; neither is an index or table created earlier in the same migration.',
      bad: 'REINDEX INDEX orders_customer_id_idx;',
      good: 'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;',
    },
  },
  create(ctx) {
    return {
      ReindexStmt(node) {
        const kind = node.kind ? KIND[node.kind] : undefined;
        if (ctx.pgVersion < 12 || !kind || hasOption(node.params, 'concurrently')) return;
        const rel = node.relation;
        if (kind === 'TABLE' && ctx.facts.isTableCreatedEarlier(rel, ctx.statement.index)) return;
        if (kind === 'INDEX' && rel?.relname && ctx.facts.isIndexCreatedEarlier(rel.schemaname, rel.relname, ctx.statement.index)) return;
        const target = rel?.relname ? `${rel.schemaname ? `${rel.schemaname}.` : ''}${rel.relname}` : (node.name ?? '');
        const edit = concurrentlyEdit(ctx.statement.text, ctx.statement.span.start);
        const outside = ctx.statement.canRunOutsideTransaction && !ctx.statement.nested;
        // `REINDEX (CONCURRENTLY false)` would conflict with an added CONCURRENTLY.
        const explicitOff = (node.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently');
        ctx.report({
          message: `REINDEX ${kind} ${target} without CONCURRENTLY blocks ${BLOCKS[kind](target, kind === 'INDEX' && rel?.relname ? tableOfIndexNamed(ctx.facts.catalog, rel.relname, rel.schemaname) : undefined)} until the rebuild ends.`,
          help: outside ? `Use REINDEX ${kind} CONCURRENTLY.` : `Use REINDEX ${kind} CONCURRENTLY, in a migration that does not run in a transaction.`,
          ...(outside && edit && !explicitOff && canReindexConcurrently(ctx.facts.catalog, kind, rel, node.name) ? { fix: { title: 'Add CONCURRENTLY', edits: [edit] } } : {}),
        });
      },
    };
  },
});

/** Insert CONCURRENTLY after `REINDEX [(options)] INDEX|TABLE|SCHEMA|DATABASE`. */
function concurrentlyEdit(text: string, at: number) {
  const m = /^REINDEX\s*(?:\([^)]*\)\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE)\b/i.exec(text);
  return m ? { start: at + m[0].length, end: at + m[0].length, text: ' CONCURRENTLY' } : undefined;
}
