import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';

export default defineRule({
  meta: {
    id: 'ban-exclusion-constraint',
    kind: 'rule',
    description: 'ADD CONSTRAINT … EXCLUDE on an existing table: builds its index and checks every row under ACCESS EXCLUSIVE, and cannot be NOT VALID.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ADD CONSTRAINT … EXCLUDE builds the constraint\'s index and checks every existing row while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits until it ends. Unlike CHECK and FOREIGN KEY, an exclusion constraint cannot be added NOT VALID, and cannot be attached to an index built CONCURRENTLY.',
      solution:
        'Declare exclusion constraints when the table is created (a table created earlier in the same migration is not flagged). On a table that already holds rows, schedule the change for a maintenance window with a lock_timeout and suppress the finding with a reason, or enforce the rule another way (a trigger, or a unique index on a derived column).',
      bad: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
      good: 'CREATE TABLE bookings (\n  room_id bigint NOT NULL,\n  during tstzrange NOT NULL,\n  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)\n);',
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          const { subtype, def } = cmd;
          if (subtype !== 'AT_AddConstraint' || !def || !('Constraint' in def) || def.Constraint.contype !== 'CONSTR_EXCLUSION') continue;
          const c = def.Constraint;
          ctx.report({
            message: `ADD CONSTRAINT${c.conname ? ` ${c.conname}` : ''} … EXCLUDE builds its index and checks every row of ${table} under an ACCESS EXCLUSIVE lock, blocking reads and writes on ${table} until it ends; it cannot be added NOT VALID.`,
            help: `Declare the exclusion constraint in CREATE TABLE, or run this at a quiet time with a lock_timeout and suppress the finding with a reason.`,
            ...(c.location !== undefined ? { location: c.location } : {}),
          });
        }
      },
    };
  },
});
