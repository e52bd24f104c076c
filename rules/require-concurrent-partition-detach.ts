import { defineRule } from '../src/rule.js';

/** `DETACH PARTITION <name>`: the name may be quoted and schema-qualified. */
const IDENT = String.raw`(?:"(?:[^"]|"")*"|[^\s;."]+)`;
const DETACH = new RegExp(String.raw`\bDETACH\s+PARTITION\s+${IDENT}(?:\s*\.\s*${IDENT})?`, 'i');

export default defineRule({
  meta: {
    id: 'require-concurrent-partition-detach',
    kind: 'rule',
    description: 'ALTER TABLE … DETACH PARTITION without CONCURRENTLY (PostgreSQL 14 and later).',
    severity: 'error',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: every query on any partition of it waits until the detach commits, and the detach itself waits for every running query on the table.',
      solution:
        'From PostgreSQL 14 on, DETACH PARTITION … CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE on the parent (reads and writes of other partitions go on; the detached partition itself is still locked). It cannot run inside a transaction and not when the table has a default partition: give it a migration the runner does not wrap. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE events DETACH PARTITION events_2023;',
      good: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
    },
  },
  create(ctx) {
    return {
      AlterTableCmd(cmd) {
        const def = cmd.def && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd : undefined;
        if (ctx.pgVersion < 14 || cmd.subtype !== 'AT_DetachPartition' || !def || def.concurrent) return;
        const stmt = ctx.statement.node;
        const parent = 'AlterTableStmt' in stmt ? stmt.AlterTableStmt.relation : undefined;
        if (ctx.facts.isTableCreatedEarlier(parent, ctx.statement.index)) return;
        const name = parent?.relname ?? 'the partitioned table';
        const partition = def.name?.relname ?? 'the partition';
        const m = DETACH.exec(ctx.statement.text);
        const outside = ctx.statement.canRunOutsideTransaction && !ctx.statement.nested;
        const at = ctx.statement.span.start + (m ? m.index + m[0].length : 0);
        ctx.report({
          message: `DETACH PARTITION ${partition} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${name}: queries on every partition of ${name} wait until it commits.`,
          help: outside ? 'Use DETACH PARTITION … CONCURRENTLY.' : 'Use DETACH PARTITION … CONCURRENTLY, in a migration that does not run in a transaction.',
          ...(outside && m ? { fix: { title: 'Add CONCURRENTLY', edits: [{ start: at, end: at, text: ' CONCURRENTLY' }] } } : {}),
        });
      },
    };
  },
});
