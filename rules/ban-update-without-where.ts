import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'ban-update-without-where',
    kind: 'rule',
    description: 'UPDATE without WHERE, anywhere in a statement (CTEs, DO blocks).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'An UPDATE without WHERE rewrites every row of the table: it locks them all until commit, blocking concurrent updates and deletes, writes a new version of each row (doubling the table on disk until VACUUM) and, if the WHERE was forgotten, overwrites data.',
      solution:
        'Add a WHERE clause that selects the rows to change, and backfill large tables in batches (each batch its own transaction). UPDATE … FROM … WHERE and UPDATE … WHERE CURRENT OF are fine.',
      bad: "UPDATE users SET status = 'active';",
      good: "UPDATE users SET status = 'active' WHERE status IS NULL AND id BETWEEN 1 AND 10000;",
    },
  },
  create(ctx) {
    return {
      UpdateStmt(node) {
        if (node.whereClause) return;
        const table = relationName(node.relation);
        ctx.report({
          message: `UPDATE ${table} without WHERE rewrites every row of ${table} and locks them all until commit, blocking concurrent updates and deletes on ${table}.`,
          help: 'Add a WHERE clause that selects the rows to change, and update a large table in batches.',
          location: node.relation?.location,
        });
      },
    };
  },
});
