import type { Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { runnerTransactionNote } from '../src/transaction-escape.js';
import { relationKey, type LockFact } from '../src/facts/locks.js';
import { blockingLocks, relationLabel } from '../src/facts/locks/existing.js';

interface Altered {
  lock: LockFact;
  line: number;
}

/** UPDATE, or INSERT … SELECT that reads a table (not INSERT … VALUES). */
function backfillTarget(node: Node) {
  if ('UpdateStmt' in node) return { verb: 'UPDATE', relation: node.UpdateStmt.relation };
  if ('InsertStmt' in node) {
    const select = node.InsertStmt.selectStmt;
    if (select && 'SelectStmt' in select && (select.SelectStmt.fromClause ?? []).length > 0) return { verb: 'INSERT … SELECT', relation: node.InsertStmt.relation };
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'backfill-in-ddl-transaction',
    kind: 'rule',
    description: 'UPDATE / INSERT … SELECT of a table altered earlier in the same transaction (the ALTER\'s lock is held for the whole backfill).',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Backfilling a column in the transaction that added it keeps the ALTER TABLE\'s ACCESS EXCLUSIVE lock for as long as the backfill runs: on a large table, every read and write of it waits for minutes. The UPDATE also rewrites every row in one transaction (bloat, long replication lag).',
      solution:
        'Commit the schema change first and backfill afterwards, in a later migration (or a job), in batches. Tables created earlier in the same migration are not flagged; nor are locks that do not block reads or writes (VALIDATE CONSTRAINT, SET STATISTICS).',
      bad: "ALTER TABLE orders ADD COLUMN status text;\nUPDATE orders SET status = 'new';",
      good: "-- migration 1\nALTER TABLE orders ADD COLUMN status text;\n-- migration 2, in batches:\n-- UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000;",
    },
  },
  create(ctx) {
    const { lines } = ctx;
    let block = -1;
    // relationKey → the first blocking lock taken on it in this transaction
    let altered = new Map<string, Altered>();
    return {
      statement(stmt) {
        if (stmt.transactionBlock !== block) {
          block = stmt.transactionBlock;
          altered = new Map();
        }
        const target = backfillTarget(stmt.node);
        const relname = target?.relation?.relname;
        if (target && relname) {
          // `orders` and `app.orders` may be the same table: an unqualified name matches either.
          const schema = target.relation?.schemaname;
          const earlier = [...altered.values()].find((a) => a.lock.relation.relname === relname && (!schema || !a.lock.relation.schemaname || schema === a.lock.relation.schemaname));
          if (earlier) {
            const name = relationLabel(earlier.lock.relation);
            const blocked = earlier.lock.blocksReads ? 'reads and writes' : 'writes';
            ctx.report({
              message: `${target.verb} backfills ${name} in the transaction of its ${earlier.lock.operation.split(', ')[0]} (line ${earlier.line}), whose ${earlier.lock.mode} lock is held until commit: ${blocked} of ${name} wait for the whole backfill.`,
              help: ctx.facts.run
                ? `Commit the schema change first: backfill in a later migration, in batches, deployed in a run of its own (${runnerTransactionNote(ctx.runner)}).`
                : `Commit the schema change first: backfill in a later migration, in batches (${runnerTransactionNote(ctx.runner)}).`,
            });
          }
        }
        // A DO block's locks are recorded from the statements it runs, with their own lines.
        if (stmt.tag === 'DoStmt' || (!stmt.inTransaction && !stmt.nested)) return;
        for (const lock of blockingLocks(stmt, ctx.facts)) {
          if (lock.relation.kind !== 'relation') continue;
          const key = relationKey(lock.relation);
          if (!altered.has(key)) altered.set(key, { lock, line: lines.position(stmt.span.start).line });
        }
      },
    };
  },
});
