import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'renaming-schema',
    kind: 'rule',
    description: 'ALTER SCHEMA … RENAME: breaks every client and search_path that names the old schema.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Renaming a schema changes the qualified name of every table, view, function and type in it at once: queries that qualify names with the old schema, search_path settings of roles and databases, and functions with SET search_path all fail or silently resolve elsewhere.',
      solution:
        'Keep the schema name, or create the new schema, move objects with ALTER … SET SCHEMA while clients migrate, and drop the old schema last.',
      bad: 'ALTER SCHEMA billing RENAME TO invoicing;',
      good: 'CREATE SCHEMA invoicing;',
    },
  },
  create(ctx) {
    return {
      RenameStmt(node) {
        if (node.renameType !== 'OBJECT_SCHEMA') return;
        ctx.report({
          message: `Renaming schema ${node.subname ?? ''} to ${node.newname ?? ''} renames every object in it at once: queries qualified with ${node.subname ?? 'the old name'} and search_path settings that name it break.`,
          help: 'Keep the name, or move objects one by one into a new schema while clients migrate.',
        });
      },
    };
  },
});
