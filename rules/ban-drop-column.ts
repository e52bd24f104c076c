import { defineRule } from '../src/rule.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';
import { listLabel, relationName } from '../src/facts/names.js';

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
        'First release application code that no longer reads or writes the column (ORMs: mark it ignored), then drop it in a later migration. A table created earlier in the same migration is not flagged, nor a column a down migration drops that its own up added (the down only undoes the up). One finding per statement names every column it drops.',
      bad: 'ALTER TABLE users DROP COLUMN legacy_flags;',
      good: '-- the previous release stopped using users.legacy_flags\nALTER TABLE users ALTER COLUMN legacy_flags DROP NOT NULL;',
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        const known = ctx.facts.catalog.table(node.relation);
        const columns = commandsOnExistingTable(node, ctx.facts, ctx.statement.index).flatMap((cmd) => {
          if (cmd.subtype !== 'AT_DropColumn') return [];
          if (known && cmd.name !== undefined && ctx.facts.upOrigin?.createdColumn(known, cmd.name)) return [];
          return [cmd.name ?? 'the column'];
        });
        if (columns.length === 0) return;
        const names = listLabel(columns);
        const one = columns.length === 1;
        ctx.report({
          message: `Dropping ${one ? 'column' : 'columns'} ${names} of ${table} breaks every query and running application instance that still uses ${one ? 'it' : 'them'}, and ${one ? 'its' : 'their'} data cannot be restored by a down migration.`,
          help: `Release code that no longer reads or writes ${names} first, then drop ${one ? 'it' : 'them'} in a later migration.`,
        });
      },
    };
  },
});
