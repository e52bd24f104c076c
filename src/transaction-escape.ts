// Why a statement that must run outside a transaction block is in one, and how its runner
// lets a migration out: shared by the rules that report statements failing with 25001.
import type { RuleContext } from './rule.js';
import type { RunnerFacts } from './runners/facts.js';

const OWN_MIGRATION = 'Move it to its own migration that runs outside a transaction';

export function whyInTransaction(ctx: RuleContext<object>): { why: string; help: string } {
  if (ctx.statement.nested) {
    return { why: 'statements of a DO block always run in its transaction', help: `${OWN_MIGRATION}, as a plain statement rather than inside a DO block.` };
  }
  if (ctx.statement.implicitQuery !== undefined) {
    return {
      why: 'its query string holds several statements, which PostgreSQL runs as one implicit transaction',
      help: 'Send it in a query of its own, the only statement of its call.',
    };
  }
  if (ctx.transaction === 'explicit') {
    return { why: 'it follows a BEGIN', help: `${OWN_MIGRATION}: no BEGIN/COMMIT around it.` };
  }
  const { behaviour, optOut, withoutOptOut, title, model } = ctx.runner;
  if (optOut) return { why: behaviour, help: `${OWN_MIGRATION}: ${optOut}.` };
  // Under a whole run a migration of its own is still in the run's transaction.
  const own = model === 'whole-run' ? `${title} runs every pending migration in its one transaction` : OWN_MIGRATION;
  return { why: behaviour, help: `${own}: ${title} has no setting to run a migration without its transaction, so ${withoutOptOut ?? `run this statement outside ${title}`}.` };
}

/** The runner's transaction and how to run a migration without it, for help texts. */
export function runnerTransactionNote(runner: RunnerFacts): string {
  if (runner.optOut) return `${runner.behaviour}; to run a migration without its transaction: ${runner.optOut}`;
  return `${runner.behaviour}, and has no setting to run a migration without it`;
}
