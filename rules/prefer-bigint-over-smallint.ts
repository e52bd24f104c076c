import { defineRule } from '../src/rule.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const SMALLINT_TYPES = new Set(['int2', 'smallserial', 'serial2']);
const SMALLINT = new RegExp(String.raw`^${CATALOG_PREFIX}(smallint|int2|smallserial|serial2)(?![\w$])`, 'i');

export default defineRule({
  meta: {
    id: 'prefer-bigint-over-smallint',
    kind: 'rule',
    description: 'smallint / smallserial columns: prefer bigint.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'smallint (int2, smallserial) is 16-bit: it overflows at 32,767. Widening the column later is an ALTER COLUMN … TYPE that rewrites the whole table under an ACCESS EXCLUSIVE lock, and alignment padding often eats the 6 bytes it saves.',
      solution: 'Declare the column bigint (or integer when the range is truly bounded, with a CHECK constraint saying so).',
      bad: 'ALTER TABLE products ADD COLUMN stock smallint NOT NULL DEFAULT 0;',
      good: 'ALTER TABLE products ADD COLUMN stock bigint NOT NULL DEFAULT 0;',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (!col?.builtin || !SMALLINT_TYPES.has(col.builtin)) return;
        const { span, match } = typeSpan(ctx, col.typeName, SMALLINT);
        ctx.report({
          message: `Column ${col.column} of ${col.table} is ${match?.[1]?.toLowerCase() ?? col.builtin} (16-bit): it overflows at 32,767, and widening it later rewrites ${col.table} under an ACCESS EXCLUSIVE lock.`,
          help: 'Use bigint (bigint GENERATED … AS IDENTITY instead of smallserial).',
          span,
        });
      },
    };
  },
});
