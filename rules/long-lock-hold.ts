import { defineRule } from '../src/rule.js';
import { relationKey, type LockFact } from '../src/facts/locks.js';
import { locksOnExisting, tablesLabel } from '../src/facts/locks/existing.js';
import { isRunnerBookkeeping } from '../src/facts/bookkeeping.js';

/** Statements that take no time worth mentioning while a lock is held. */
const INSTANT = new Set(['VariableSetStmt', 'VariableShowStmt', 'TransactionStmt']);

interface Held {
  block: number;
  locks: LockFact[];
  line: number;
  operation: string;
  reported: boolean;
}

/**
 * Whether a statement keeps the lock held for long: it reads or rewrites rows, or locks another
 * relation. Instant changes of the table already locked (DROP CONSTRAINT, SET DEFAULT) and
 * statements that lock nothing (CREATE FUNCTION, CREATE TYPE) do not count.
 */
function takesTime(locks: readonly LockFact[], held: readonly LockFact[]): boolean {
  const heldKeys = new Set(held.map((l) => relationKey(l.relation)));
  // ROW EXCLUSIVE: INSERT/UPDATE/DELETE write rows, which takes time even on the table already locked.
  return locks.some((l) => l.scan || l.rewrite !== false || l.mode === 'ROW EXCLUSIVE' || !heldKeys.has(relationKey(l.relation)));
}

export default defineRule({
  meta: {
    id: 'long-lock-hold',
    kind: 'rule',
    description: 'More statements after one that took ACCESS EXCLUSIVE on an existing table in the same transaction (the lock is held until commit).',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A lock is held until the transaction ends, not until the statement that took it ends. After an ALTER TABLE takes ACCESS EXCLUSIVE, every further statement of the transaction — a backfill, an index build, another table\'s change — runs while all reads and writes of the altered table wait.',
      solution:
        'Take ACCESS EXCLUSIVE last in its transaction, or give the statement a migration of its own, so the lock is released right after it is taken. Statements that take no time while it is held do not count: SET, transaction control, the runner\'s own version-table write (alembic\'s `INSERT INTO alembic_version`), statements that lock nothing (CREATE FUNCTION), and quick changes of the table already locked (DROP CONSTRAINT, SET DEFAULT). Tables created earlier in the same migration are not flagged.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX invoices_note_idx ON invoices (note);',
      good: 'CREATE INDEX invoices_note_idx ON invoices (note);\nALTER TABLE orders ADD COLUMN note text;',
    },
  },
  create(ctx) {
    const { lines } = ctx;
    let held: Held | undefined;
    return {
      statement(stmt) {
        if (held && held.block !== stmt.transactionBlock) held = undefined;
        if (stmt.tag === 'DoStmt' || INSTANT.has(stmt.tag) || isRunnerBookkeeping(stmt.node)) return;
        if (held && !held.reported && takesTime(stmt.locks, held.locks)) {
          held.reported = true;
          const tables = tablesLabel(held.locks);
          ctx.report({
            message: `Runs while the ACCESS EXCLUSIVE lock on ${tables} (taken by the ${held.operation} on line ${held.line}) is held until commit: reads and writes of ${tables} wait for this statement too.`,
            help: `Move the ${held.operation} to the end of the transaction, or into a migration of its own, so its lock is released as soon as it is taken.`,
          });
        }
        const exclusive = locksOnExisting(stmt.locks, ctx.facts, stmt.index).filter((l) => l.mode === 'ACCESS EXCLUSIVE');
        // An autocommit statement releases its locks when it ends (unless it runs inside a DO block).
        if (exclusive.length === 0 || (!stmt.inTransaction && !stmt.nested)) return;
        held = {
          block: stmt.transactionBlock,
          locks: [...(held?.locks ?? []), ...exclusive],
          line: lines.position(stmt.span.start).line,
          operation: exclusive[0].operation.split(', ')[0],
          reported: false,
        };
      },
    };
  },
});
