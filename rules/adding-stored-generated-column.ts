import { defineRule } from '../src/rule.js';
import { declaredColumn } from '../src/facts/column-types.js';

export default defineRule({
  meta: {
    id: 'adding-stored-generated-column',
    kind: 'rule',
    description: 'ADD COLUMN … GENERATED ALWAYS AS (…) STORED on an existing table (full table rewrite).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Adding a stored generated column computes its value for every existing row: PostgreSQL rewrites the whole table (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock, so every read and write waits until the rewrite ends.',
      solution:
        'On PostgreSQL 18, use a VIRTUAL generated column (computed when read, no rewrite). Otherwise add a plain nullable column, fill it for new rows with a trigger, and backfill existing rows in batches. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      good: 'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) VIRTUAL;',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.place !== 'add-column' || ctx.facts.isTableCreatedEarlier(col.relation, ctx.statement.index)) return;
        for (const c of node.constraints ?? []) {
          if (!('Constraint' in c) || c.Constraint.contype !== 'CONSTR_GENERATED' || c.Constraint.generated_kind !== 's') continue;
          ctx.report({
            message: `Adding stored generated column ${col.column} to ${col.table} computes it for every existing row: the whole table is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it ends.`,
            help:
              ctx.pgVersion >= 18
                ? 'Use GENERATED ALWAYS AS (…) VIRTUAL (computed on read, no rewrite), or add a plain column and backfill it in batches.'
                : 'Add a plain nullable column, fill new rows with a trigger, and backfill existing rows in batches.',
            location: c.Constraint.location,
          });
        }
      },
    };
  },
});
