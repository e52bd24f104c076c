import type { TransactionStmt } from '@pgsql/types';
import { defineRule, type RuleContext } from '../src/rule.js';

type Kind = NonNullable<TransactionStmt['kind']>;

const BEGINS = new Set<Kind>(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
const ENDS = new Set<Kind>(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);
const SAVEPOINTS = new Set<Kind>(['TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO']);

const WORD: Partial<Record<Kind, string>> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
};

/** How to stop the runner from wrapping the file, so it may manage its own transaction. */
function unwrapHelp(ctx: RuleContext): string {
  const { behaviour, optOut, withoutOptOut, title } = ctx.runner;
  if (optOut) return `Remove it: ${behaviour} (or keep your own BEGIN/COMMIT and turn the runner's transaction off: ${optOut}).`;
  return `Remove it: ${behaviour}${withoutOptOut ? `, and ${title} has no setting to run a migration without it: for a statement that cannot run in it, ${withoutOptOut}` : ''}.`;
}

export default defineRule({
  meta: {
    id: 'transaction-nesting',
    kind: 'rule',
    description: 'BEGIN inside a transaction, COMMIT or ROLLBACK without one, or explicit transaction control in a migration the runner wraps.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'PostgreSQL has no nested transactions. A BEGIN inside a transaction only warns, and the first COMMIT then ends the outer transaction: the statements after it run outside any transaction, and the runner\'s own COMMIT finds nothing to commit. The same happens when a migration holds BEGIN/COMMIT and its runner (goose, dbmate, alembic …) already wraps it. COMMIT or ROLLBACK without a transaction does nothing, and SAVEPOINT outside one fails (25P01).',
      solution:
        'Let either the runner or the file manage the transaction, not both: remove BEGIN/COMMIT from wrapped migrations (or tell the runner not to wrap them), and balance every BEGIN with one COMMIT. golang-migrate sends a file as one multi-statement query, where an explicit BEGIN … COMMIT is fine.',
      bad: 'BEGIN;\nCREATE TABLE a (id bigint);\nBEGIN;\nCREATE TABLE b (id bigint);\nCOMMIT;\nCOMMIT;',
      good: 'BEGIN;\nCREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);\nCOMMIT;',
    },
  },
  create(ctx) {
    // An implicit transaction turns into the explicit block a BEGIN opens; a whole run's does not end with the file.
    const wholeRun = ctx.runner.model === 'whole-run';
    const runnerWraps = ctx.transaction === 'wrapped' || wholeRun;
    let open = false;
    return {
      TransactionStmt(node) {
        const kind = node.kind;
        if (!kind || ctx.statement.nested) return;
        const word = WORD[kind] ?? 'Transaction control';
        if (runnerWraps && (BEGINS.has(kind) || ENDS.has(kind))) {
          const after = wholeRun ? 'the statements after it, and every later pending migration, run outside a transaction' : 'the statements after it run outside a transaction';
          const effect = BEGINS.has(kind) ? "only warns, and a later COMMIT ends the runner's transaction early" : `ends the runner's transaction early: ${after}`;
          ctx.report({ message: `${word} in a migration its runner already wraps in a transaction: it ${effect}.`, help: unwrapHelp(ctx) });
          return;
        }
        if (runnerWraps) return;
        if (BEGINS.has(kind)) {
          if (open) ctx.report({ message: `${word} inside a transaction block only warns: the first COMMIT after it ends the outer transaction, and what follows runs outside one.`, help: 'Remove the inner BEGIN: PostgreSQL has no nested transactions (use SAVEPOINT for a partial rollback).' });
          open = true;
        } else if (ENDS.has(kind)) {
          if (!open) ctx.report({ message: `${word} without a transaction block does nothing (WARNING: there is no transaction in progress).`, help: 'Remove it, or add the BEGIN it was meant to end.' });
          open = false;
        } else if (SAVEPOINTS.has(kind) && !open) {
          ctx.report({ message: `${word} outside a transaction block fails (SQLSTATE 25P01).`, help: 'Open a transaction with BEGIN first, or remove it.' });
        }
      },
    };
  },
});
