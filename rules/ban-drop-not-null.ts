import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';

export default defineRule({
  meta: {
    id: 'ban-drop-not-null',
    kind: 'rule',
    description: 'ALTER COLUMN … DROP NOT NULL: readers that rely on the column never being NULL break.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Dropping NOT NULL lets NULLs into a column that application code, reports and the previous release still running during a deploy may assume is never NULL. It is also hard to undo: putting NOT NULL back scans the whole table under an ACCESS EXCLUSIVE lock.',
      solution:
        'Release readers that handle NULL first, then drop the constraint and suppress the finding with a reason. Not flagged when the schema model knows the column is already nullable (the statement changes nothing), on a table created earlier in the same migration, or in a down migration that only undoes the NOT NULL its own up added.',
      bad: 'ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;',
      good: 'CREATE TABLE drafts (id bigint, title text NOT NULL);\nALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;',
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          const { subtype, name } = cmd;
          if (subtype !== 'AT_DropNotNull' || name === undefined) continue;
          if (ctx.facts.catalog.column(node.relation, name)?.notNull === false) continue;
          const known = ctx.facts.catalog.table(node.relation);
          if (known && ctx.facts.upOrigin?.madeNotNull(known, name)) continue;
          ctx.report({
            message: `Dropping NOT NULL on ${table}.${name} lets NULLs in: code that reads ${name} assuming it is never NULL breaks, and restoring NOT NULL later scans ${table} under an ACCESS EXCLUSIVE lock.`,
            help: `Make sure every reader of ${table}.${name} handles NULL before this runs, then suppress this finding with the reason.`,
          });
        }
      },
    };
  },
});
