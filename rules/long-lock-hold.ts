import { defineRule } from '../src/rule.js';
import type { LockFact } from '../src/facts/locks.js';
import { blockingLocks, tableLabel } from '../src/facts/locks/existing.js';
import type { CatalogView } from '../src/facts/schema/model.js';
import { listLabel } from '../src/facts/names.js';
import type { Span } from '../src/types.js';
import { isRunnerBookkeeping } from '../src/facts/bookkeeping.js';
import { runnerTransactionNote } from '../src/transaction-escape.js';

/** Statements that take no time worth mentioning while a lock is held. */
const INSTANT = new Set(['VariableSetStmt', 'VariableShowStmt', 'TransactionStmt']);

/** One transaction's ACCESS EXCLUSIVE locks on existing tables, from the first statement that took one. */
interface Held {
  block: number;
  /** The tables locked, named when each lock was taken (an index's table is known then). */
  tables: string[];
  /** The first statement that took one, and what it does. */
  span: Span;
  operation: string;
  /** Statements that take time while the locks are held. */
  slow: number;
  /** The last statement of the transaction seen so far: the locks are released when it ends. */
  last: { line: number; commit: boolean };
}

/**
 * Whether a statement keeps the lock held for long: it reads or rewrites rows, or locks another
 * relation. Instant changes of the table already locked (DROP CONSTRAINT, SET DEFAULT) and
 * statements that lock nothing (CREATE FUNCTION, CREATE TYPE) do not count.
 */
function takesTime(locks: readonly LockFact[], heldTables: readonly string[], catalog: CatalogView): boolean {
  // ROW EXCLUSIVE: INSERT/UPDATE/DELETE write rows, which takes time even on the table already locked.
  return locks.some((l) => l.scan || l.rewrite !== false || l.mode === 'ROW EXCLUSIVE' || !heldTables.includes(tableLabel(l.relation, catalog)));
}

export default defineRule({
  meta: {
    id: 'long-lock-hold',
    kind: 'rule',
    description: 'Statements that take time after one that took ACCESS EXCLUSIVE on an existing table in the same transaction (the lock is held until commit): one finding per transaction.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A lock is held until the transaction ends, not until the statement that took it ends. After an ALTER TABLE takes ACCESS EXCLUSIVE, every further statement of the transaction — a backfill, an index build, another table\'s change — runs while all reads and writes of the altered table wait.',
      solution:
        'Take ACCESS EXCLUSIVE last in its transaction, or give the statement a migration of its own, so the lock is released right after it is taken. Statements that take no time while it is held do not count: SET, transaction control, the runner\'s own version-table write (alembic\'s `INSERT INTO alembic_version`), statements that lock nothing (CREATE FUNCTION), and quick changes of the table already locked (DROP CONSTRAINT, SET DEFAULT). Tables created earlier in the same migration are not flagged. One finding per transaction, at the first statement that takes ACCESS EXCLUSIVE, names every table locked in it, counts the statements that run while the locks are held and gives the line where they are released.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX invoices_note_idx ON invoices (note);',
      good: 'CREATE INDEX invoices_note_idx ON invoices (note);\nALTER TABLE orders ADD COLUMN note text;',
    },
  },
  create(ctx) {
    const { lines } = ctx;
    const held: Held[] = [];
    const current = (block: number) => held.find((h) => h.block === block);
    const { run } = ctx.facts;
    // Under a whole run the transaction a migration leaves open is the run's: it commits after the last pending migration.
    const endOfTransaction = (line: number) =>
      !run
        ? `the end of the transaction after line ${line}`
        : run.isLast
          ? `the whole run commits after this migration, the newest (${ctx.runner.behaviour})`
          : `the whole run commits after the last pending migration — ${run.lastMigration} when all are pending, as on a fresh database (${ctx.runner.behaviour})`;
    const runHelp = `Take the ACCESS EXCLUSIVE locks last in the migration and deploy it in a run of its own: ${ctx.runner.title} holds every lock a run takes until its last migration commits${ctx.runner.optOut ? ` (or run the migration outside the run's transaction: ${ctx.runner.optOut})` : ', and has no setting to run a migration without that transaction'}.`;
    /** The tag of the last top-level statement: the statements of a routine it calls come after it. */
    let outer = '';
    return {
      statement(stmt) {
        if (!stmt.nested) outer = stmt.tag;
        // A call (CALL p(), SELECT f()) already took its routine's locks, at its own line.
        else if (outer !== 'DoStmt') return;
        const open = current(stmt.transactionBlock);
        if (open) open.last = { line: lines.position(stmt.span.end).line, commit: stmt.tag === 'TransactionStmt' };
        if (stmt.tag === 'DoStmt' || INSTANT.has(stmt.tag) || isRunnerBookkeeping(stmt.node)) return;
        if (open && takesTime(stmt.locks, open.tables, ctx.facts.catalog)) open.slow++;
        const exclusive = blockingLocks(stmt, ctx.facts).filter((l) => l.mode === 'ACCESS EXCLUSIVE');
        // An autocommit statement releases its locks when it ends (unless it runs inside a DO block).
        if (exclusive.length === 0 || (!stmt.inTransaction && !stmt.nested)) return;
        const tables = exclusive.map((l) => tableLabel(l.relation, ctx.facts.catalog));
        if (open) {
          open.tables.push(...tables);
          return;
        }
        const line = lines.position(stmt.span.end).line;
        held.push({ block: stmt.transactionBlock, tables, span: stmt.span, operation: exclusive[0].operation.split(', ')[0], slow: 0, last: { line, commit: false } });
      },
      endOfSection() {
        for (const h of held) {
          if (h.slow === 0) continue;
          const names = [...new Set(h.tables)];
          const tables = listLabel(names);
          const waiting = names.length === 1 ? `every read and write of ${tables} waits` : 'reads and writes of all of them wait';
          const statements = h.slow === 1 ? '1 more statement that takes time runs' : `${h.slow} more statements that take time run`;
          const release = h.last.commit ? `its COMMIT on line ${h.last.line}` : endOfTransaction(h.last.line);
          ctx.report({
            message: `The ${h.operation} takes ACCESS EXCLUSIVE on ${tables}, and the transaction holds it until ${release}: ${statements} meanwhile, while ${waiting}.`,
            help: h.last.commit || !run ? `Take the ACCESS EXCLUSIVE locks last in the transaction, or give the statements that take them a migration of their own, so each lock is released as soon as it is taken (${runnerTransactionNote(ctx.runner)}).` : runHelp,
            span: h.span,
          });
        }
      },
    };
  },
});
