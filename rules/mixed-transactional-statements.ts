import { defineRule, type CurrentStatement } from '../src/rule.js';
import { hasOption } from '../src/facts/locks/options.js';
import { refusedInTransactionBlock } from '../src/facts/non-transactional.js';
import { doesNoWork } from '../src/facts/transaction.js';
import type { RunnerFacts } from '../src/runners/facts.js';

/** Where the statement goes, and how its runner runs that migration without a transaction. */
function moveHelp(what: string, runner: RunnerFacts): string {
  const { behaviour, optOut, withoutOptOut, model, title } = runner;
  if (model === 'auto') return `Move ${what} into a migration of its own (${behaviour}).`;
  if (optOut) return `Move ${what} into a migration of its own, with ${optOut} (${behaviour}).`;
  return `Move ${what} into a migration of its own (${behaviour})${withoutOptOut ? `; ${title} has no setting to run a migration without its transaction, so ${withoutOptOut}` : ''}.`;
}

export default defineRule({
  meta: {
    id: 'mixed-transactional-statements',
    kind: 'rule',
    description: 'A migration mixing statements that must run outside a transaction (CONCURRENTLY, VACUUM, ALTER SYSTEM, CREATE DATABASE) with other statements.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, VACUUM, ALTER SYSTEM, CREATE DATABASE and the other statements PostgreSQL refuses in a transaction block (see ban-non-transactional-statement-in-transaction) cannot run in one, so a migration holding one runs without a transaction: each of its statements commits on its own. When one fails half-way, the migration is left half-applied, and running it again fails on what already exists.',
      solution:
        'Give each statement that cannot run in a transaction a migration of its own (several CONCURRENTLY statements may share one); keep the other statements in transactional migrations. SET statements, a SELECT of constants and the runner\'s own version-table write (alembic\'s `UPDATE alembic_version`) do not count.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      good: 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
    },
  },
  create(ctx) {
    let outside: CurrentStatement | undefined;
    let others = 0;
    return {
      statement(stmt) {
        if (stmt.nested) return;
        // Inside a transaction it fails outright (ban-…-in-transaction): nothing is half-applied.
        if (stmt.mustRunOutsideTransaction) {
          if (!stmt.inTransaction) outside ??= stmt;
        } else if (!doesNoWork(stmt.node)) others++;
      },
      endOfSection() {
        if (!outside || others === 0) return;
        const refused = refusedInTransactionBlock(outside.node, ctx.pgVersion) ?? 'This statement';
        const what = 'VacuumStmt' in outside.node && hasOption(outside.node.VacuumStmt.options, 'full') ? 'VACUUM FULL' : refused;
        ctx.report({
          span: outside.span,
          message: `${what} cannot run in a transaction, so this migration runs without one: ${others === 1 ? 'its other statement commits on its own' : `its ${others} other statements commit one by one`}, and a failure half-way leaves the migration half-applied.`,
          help: moveHelp(what, ctx.runner),
        });
      },
    };
  },
});
