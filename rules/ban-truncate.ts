import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { existingRelations } from '../src/facts/objects.js';

export default defineRule({
  meta: {
    id: 'ban-truncate',
    kind: 'rule',
    description: 'TRUNCATE of a table that existed before the migration (CASCADE is ban-truncate-cascade).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'TRUNCATE removes every row of the table, like DELETE without WHERE, and cannot be limited to some rows. It also takes an ACCESS EXCLUSIVE lock on each table it empties: reads and writes of those tables wait until the migration commits. In a migration that is almost always a mistake, or a data loss that deserves a second look.',
      solution:
        'Delete the rows that must go with DELETE … WHERE, in batches on a large table. If emptying the table really is the intent (a staging or cache table), suppress the finding with a reason so reviewers see it was deliberate. A table created earlier in the same migration is not flagged.',
      bad: 'TRUNCATE sessions;',
      good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';",
    },
  },
  create(ctx) {
    return {
      TruncateStmt(node) {
        if (node.behavior === 'DROP_CASCADE') return;
        const existing = existingRelations(node.relations, ctx.facts, ctx.statement.index);
        if (existing.length === 0) return;
        const names = existing.map(relationName).join(', ');
        ctx.report({
          message: `TRUNCATE ${names} deletes every row of ${names} and holds an ACCESS EXCLUSIVE lock until commit, blocking reads and writes on ${names}.`,
          help: 'Delete only the rows that must go with DELETE … WHERE (in batches on a large table); if emptying the table is intended, suppress this with a reason.',
          ...(existing[0]?.location !== undefined ? { location: existing[0].location } : {}),
        });
      },
    };
  },
});
