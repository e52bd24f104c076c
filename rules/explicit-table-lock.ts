import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { existingRelations } from '../src/facts/objects.js';
import { blocksReads, blocksWrites, lockModeFromNumber } from '../src/facts/locks/modes.js';

export default defineRule({
  meta: {
    id: 'explicit-table-lock',
    kind: 'rule',
    description: 'LOCK TABLE in a mode that blocks reads or writes of a table that existed before the migration.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'LOCK TABLE takes its lock at once and holds it until the transaction ends: ACCESS EXCLUSIVE (the default mode) and EXCLUSIVE block reads or writes, SHARE and SHARE ROW EXCLUSIVE block writes. Everything the migration does after it runs with the table unavailable, and while LOCK TABLE waits for running queries, every new query on the table queues behind it.',
      solution:
        'Drop the LOCK TABLE and let each statement take the lock it needs, for as short as it needs; if a statement needs the table locked across several steps, take the weakest mode that serves, right before those steps, with a short lock_timeout, and commit quickly. A table created earlier in the same migration is not flagged, nor modes that block neither reads nor writes (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE).',
      bad: 'LOCK TABLE orders;',
      good: "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;",
    },
  },
  create(ctx) {
    return {
      LockStmt(node) {
        const mode = lockModeFromNumber(node.mode);
        const blocked = blocksReads(mode) ? 'reads and writes' : blocksWrites(mode) ? 'writes' : undefined;
        if (!blocked) return;
        const existing = existingRelations(node.relations, ctx.facts, ctx.statement.index);
        if (existing.length === 0) return;
        const names = existing.map(relationName).join(', ');
        ctx.report({
          message: `LOCK TABLE ${names} IN ${mode} MODE blocks ${blocked} on ${names} until the transaction ends.`,
          help: 'Let each statement take the lock it needs; if the steps need the table locked together, take the weakest mode that serves right before them, with a short lock_timeout.',
          ...(existing[0]?.location !== undefined ? { location: existing[0].location } : {}),
        });
      },
    };
  },
});
