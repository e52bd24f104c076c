import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'ban-drop-schema',
    kind: 'rule',
    description: 'DROP SCHEMA in a migration.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'DROP SCHEMA removes a namespace with everything in it (with CASCADE: every table, view, function and type, and their data), under ACCESS EXCLUSIVE locks on all of them, and nothing in the statement says what is lost.',
      solution:
        'Drop the objects you mean to drop one by one, each with its own reviewed statement, and drop the empty schema by hand (or suppress this with a reason once it is known to be empty).',
      bad: 'DROP SCHEMA reporting CASCADE;',
      good: 'DROP VIEW reporting.monthly_revenue;',
    },
  },
  create(ctx) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_SCHEMA') return;
        const names = (node.objects ?? []).flatMap((o) => ('String' in o && o.String.sval ? [o.String.sval] : []));
        const what = names.length > 0 ? names.join(', ') : 'the schema';
        const cascade = node.behavior === 'DROP_CASCADE';
        ctx.report({
          message: cascade
            ? `DROP SCHEMA ${what} CASCADE deletes every object in ${what} and their data, locking each of them ACCESS EXCLUSIVE; it cannot be undone after commit.`
            : `DROP SCHEMA ${what} deletes the schema ${what}; it cannot be undone after commit.`,
          help: 'Drop the objects you mean to drop explicitly, and remove the schema by hand once it is empty.',
        });
      },
    };
  },
});
