import { defineRule } from '../src/rule.js';
import type { Span } from '../src/types.js';
import { hasCode } from '../src/split.js';

export default defineRule({
  meta: {
    id: 'require-down-migration',
    kind: 'rule',
    description: 'An up migration without its down, or with an empty down, in a set that uses down migrations.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'When a migration set uses down migrations (any migration has one, or config `"down": "required"`), a migration without a down — or with a down holding only comments — cannot be rolled back: the rollback stops there, or silently does nothing while the runner records it as reverted.',
      solution:
        'Write the down that undoes the up. If the migration really is irreversible (it drops data), say so with a suppression and a reason at the top of the file: `-- migrationlint-ignore require-down-migration -- irreversible: drops data`.',
      bad: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n\n-- migrate:down\n',
      good: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN note;\n',
    },
  },
  create(ctx) {
    let first: Span | undefined;
    return {
      statement(statement) {
        if (ctx.section === 'up' && !statement.nested && first === undefined) first = statement.span;
      },
      endOfSection() {
        if (ctx.section !== 'up' || !ctx.downRequired) return;
        const down = ctx.migration.down;
        if (down !== undefined && hasCode(down.text)) return;
        const name = ctx.migration.id;
        const at = ctx.migration.up.offset;
        ctx.report({
          message:
            down === undefined
              ? `Migration ${name} has no down migration, but this set uses them: rolling back stops at ${name}.`
              : `The down migration of ${name} is empty: rolling back ${name} would record it as reverted without undoing anything.`,
          help: 'Write the down migration that undoes this one; if it is irreversible, suppress this with a reason saying so.',
          span: first ?? { start: at, end: at },
        });
      },
    };
  },
});
