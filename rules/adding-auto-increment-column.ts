import { defineRule } from '../src/rule.js';
import { declaredColumn } from '../src/facts/column-types.js';
import { columnConstraints } from '../src/facts/alter-table.js';

const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

export default defineRule({
  meta: {
    id: 'adding-auto-increment-column',
    kind: 'rule',
    description: 'ADD COLUMN of a serial or identity column to an existing table (full table rewrite).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Adding a serial or GENERATED … AS IDENTITY column to an existing table fills it for every existing row from the sequence: PostgreSQL rewrites the whole table (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock, so every read and write waits until the rewrite ends.',
      solution:
        'Add a nullable bigint column (no rewrite), create a sequence and set it as the column default (new rows get values), backfill the existing rows in batches, then add NOT NULL through a validated CHECK constraint. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE events ADD COLUMN seq bigserial;',
      good: "CREATE SEQUENCE events_seq_seq;\nALTER TABLE events ADD COLUMN seq bigint;\nALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('events_seq_seq');",
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.place !== 'add-column' || ctx.facts.isTableCreatedEarlier(col.relation, ctx.statement.index)) return;
        const identity = columnConstraints(node).find((c) => c.contype === 'CONSTR_IDENTITY');
        const serial = col.builtin !== undefined && SERIAL_TYPES.has(col.builtin);
        if (!identity && !serial) return;
        ctx.report({
          message: `Adding ${serial ? `${col.builtin} ` : 'identity '}column ${col.column} to ${col.table} fills it for every existing row: the whole table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it ends.`,
          help: 'Add a nullable bigint column, set a sequence default for new rows, and backfill existing rows in batches.',
          location: serial ? col.typeName.location : identity?.location,
        });
      },
    };
  },
});
