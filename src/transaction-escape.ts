// Why a statement that must run outside a transaction block is in one, and how its runner
// lets a migration out: shared by the rules that report statements failing with 25001.
import type { RuleContext } from './rule.js';

const OWN_MIGRATION = 'Move it to its own migration that runs outside a transaction';

export function whyInTransaction(ctx: RuleContext<object>): { why: string; help: string } {
  if (ctx.statement.nested) {
    return { why: 'statements of a DO block always run in its transaction', help: `${OWN_MIGRATION}, as a plain statement rather than inside a DO block.` };
  }
  if (ctx.transaction === 'explicit') {
    return { why: 'it follows a BEGIN', help: `${OWN_MIGRATION}: no BEGIN/COMMIT around it.` };
  }
  const { behaviour, optOut, title } = ctx.runner;
  return {
    why: behaviour,
    help: optOut ? `${OWN_MIGRATION}: ${optOut}.` : `${OWN_MIGRATION}: ${title} has no setting to run a migration without its transaction, so run this statement outside ${title}.`,
  };
}
