import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'ban-drop-database',
    kind: 'rule',
    description: 'DROP DATABASE in a migration.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'DROP DATABASE deletes a whole database, every schema, table and row in it, and cannot be rolled back (it cannot even run inside a transaction). A migration is the wrong place for it: one wrong connection string and production is gone.',
      solution:
        'Drop databases by hand, deliberately, after a backup, outside the migration set. Migrations change the schema of the database they run in.',
      bad: 'DROP DATABASE analytics;',
      good: 'DROP TABLE IF EXISTS analytics_import_tmp;',
    },
  },
  create(ctx) {
    return {
      DropdbStmt(node) {
        const name = node.dbname ?? 'the database';
        ctx.report({
          message: `DROP DATABASE ${name} deletes the database ${name} and everything in it; it cannot be rolled back.`,
          help: 'Drop databases by hand after a backup, not in a migration.',
        });
      },
    };
  },
});
