import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'renaming-table',
    kind: 'rule',
    description: 'ALTER TABLE … RENAME TO: breaks every client that still uses the old name.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Renaming a table takes effect at commit for every session at once, while the application instances running the previous release still query the old name: their queries fail until every instance is redeployed.',
      solution:
        'Rename in steps: rename the table and, in the same transaction, create a view with the old name (a simple view is updatable, so old clients keep reading and writing); drop the view once every client uses the new name. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE customer RENAME TO customers;',
      good: 'CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);',
    },
  },
  create(ctx) {
    return {
      RenameStmt(node) {
        if (node.renameType !== 'OBJECT_TABLE') return;
        if (ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) return;
        const table = relationName(node.relation);
        ctx.report({
          message: `Renaming table ${table} to ${node.newname ?? ''} breaks every query and running application instance that still uses ${table}.`,
          help: `Create a view named ${table} over the renamed table in the same transaction, and drop it once every client uses ${node.newname ?? 'the new name'}.`,
        });
      },
    };
  },
});
