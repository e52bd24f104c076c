import { defineRule } from '../src/rule.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';
import { relationName } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'ban-drop-column',
    kind: 'rule',
    description: 'ALTER TABLE … DROP COLUMN: breaks clients that still use the column, and loses its data.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Dropping a column takes effect at commit for every session at once: application instances running the previous release still select, insert or update it (ORMs list every column they know), and their queries fail until every instance is redeployed. The data is gone; a down migration cannot bring it back.',
      solution:
        'First release application code that no longer reads or writes the column (ORMs: mark it ignored), then drop it in a later migration. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE users DROP COLUMN legacy_flags;',
      good: '-- the previous release stopped using users.legacy_flags\nALTER TABLE users ALTER COLUMN legacy_flags DROP NOT NULL;',
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (cmd.subtype !== 'AT_DropColumn') continue;
          const column = cmd.name ?? 'the column';
          ctx.report({
            message: `Dropping column ${column} of ${table} breaks every query and running application instance that still uses it, and its data cannot be restored by a down migration.`,
            help: `Release code that no longer reads or writes ${column} first, then drop it in a later migration.`,
          });
        }
      },
    };
  },
});
