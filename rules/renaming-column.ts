import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';

const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

export default defineRule({
  meta: {
    id: 'renaming-column',
    kind: 'rule',
    description: 'RENAME COLUMN: breaks every client that still uses the old name.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Renaming a column takes effect at commit for every session at once, while the application instances running the previous release still read and write the old name: their queries fail until every instance is redeployed. Views and functions written against the old name keep working, which hides the break until a client hits it.',
      solution:
        'Expand and contract: add the new column, write both (trigger or application), backfill, move readers to the new column, then drop the old one in a later migration. Or keep the old name. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE users RENAME COLUMN email TO email_address;',
      good: 'ALTER TABLE users ADD COLUMN email_address text;',
    },
  },
  create(ctx) {
    return {
      RenameStmt(node) {
        if (node.renameType !== 'OBJECT_COLUMN' || !RELATIONS.has(node.relationType ?? '')) return;
        if (ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) return;
        const table = relationName(node.relation);
        ctx.report({
          message: `Renaming column ${node.subname ?? ''} of ${table} to ${node.newname ?? ''} breaks every query and running application instance that still uses "${node.subname ?? ''}".`,
          help: 'Add the new column, write to both, backfill, move readers over, and drop the old column in a later migration.',
        });
      },
    };
  },
});
