import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-partition-detach',
    kind: 'rule',
    description: 'ALTER TABLE … DETACH PARTITION without CONCURRENTLY (PostgreSQL 14 and later).',
    severity: 'error',
    recommended: true,
    fixable: false,
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
        const outside = ctx.statement.canRunOutsideTransaction && !ctx.statement.nested;
        ctx.report({
          message: `DETACH PARTITION ${partition} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${name}: queries on every partition of ${name} wait until it commits.`,
          // No automatic fix: DETACH … CONCURRENTLY fails (55000) when the table has a default partition, which the model does not track.
          help: `Use DETACH PARTITION … CONCURRENTLY${outside ? '' : ', in a migration that does not run in a transaction'} (not possible while ${name} has a default partition).`,
        });
      },
    };
  },
});
