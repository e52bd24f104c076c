// Why a statement that must run outside a transaction block is in one, and how each runner
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
  switch (ctx.migration.runner) {
    case 'goose':
      return { why: 'goose runs this migration in a transaction', help: `${OWN_MIGRATION}, marked \`-- +goose NO TRANSACTION\`.` };
    case 'dbmate':
      return { why: 'dbmate runs this migration in a transaction', help: `${OWN_MIGRATION}, marked \`-- migrate:${ctx.section} transaction:false\`.` };
    case 'alembic':
      return {
        why: 'alembic wraps this migration in BEGIN/COMMIT',
        help: `${OWN_MIGRATION}: in the revision, run it inside \`with op.get_context().autocommit_block():\`.`,
      };
    default:
      return {
        why: `the ${ctx.migration.runner} runner runs this migration in a transaction`,
        help: `${OWN_MIGRATION}, with the runner told not to wrap it (and \`assumeInTransaction\` off).`,
      };
  }
}
