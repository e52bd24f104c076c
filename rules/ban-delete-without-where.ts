import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'ban-delete-without-where',
    kind: 'rule',
    description: 'DELETE without WHERE, anywhere in a statement (CTEs, DO blocks).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A DELETE without WHERE removes every row of the table. In a migration that is almost always a mistake (a lost WHERE, a wrong CTE), and even when meant it locks every row until commit, blocking concurrent updates and deletes of the table, and leaves all the dead rows for VACUUM.',
      solution:
        'Say which rows go with a WHERE clause, and delete large sets in batches. If emptying the table really is the intent, suppress the finding with a reason so reviewers see it was deliberate. DELETE … WHERE CURRENT OF and DELETE … USING … WHERE are fine.',
      bad: 'DELETE FROM sessions;',
      good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';",
    },
  },
  create(ctx) {
    return {
      DeleteStmt(node) {
        if (node.whereClause) return;
        const table = relationName(node.relation);
        ctx.report({
          message: `DELETE FROM ${table} without WHERE deletes every row of ${table} and locks them all until commit, blocking concurrent updates and deletes on ${table}.`,
          help: 'Add a WHERE clause that selects the rows to delete (in batches on a large table); if emptying the table is intended, suppress this with a reason.',
          location: node.relation?.location,
        });
      },
    };
  },
});
