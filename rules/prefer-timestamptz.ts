import { defineRule } from '../src/rule.js';
import { typeFix } from '../src/fixes/type-fix.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const TIMESTAMP = new RegExp(String.raw`^${CATALOG_PREFIX}timestamp(\s*\(\s*\d+\s*\))?(?:\s+without\s+time\s+zone)?(?![\w$])`, 'i');

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    kind: 'rule',
    description: 'timestamp (without time zone) columns: prefer timestamptz.',
    severity: 'warning',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'timestamp without time zone stores a wall-clock reading with no offset: a value written with an offset (2024-03-01 12:00+02) loses it, so two different instants can be stored as the same value, and comparisons with now() depend on the TimeZone setting of each session.',
      solution:
        'Declare the column timestamptz (timestamp with time zone): it stores an absolute instant (as UTC) and displays it in the session time zone; it takes the same 8 bytes.',
      bad: 'ALTER TABLE orders ADD COLUMN shipped_at timestamp;',
      good: 'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.builtin !== 'timestamp') return;
        const { span, match } = typeSpan(ctx, col.typeName, TIMESTAMP);
        const precision = match?.[1] ? match[1].replace(/\s+/g, '') : '';
        ctx.report({
          message: `Column ${col.column} of ${col.table} is timestamp without time zone: the offset of each value is dropped, so different instants can be stored as the same value.`,
          help: 'Use timestamptz (timestamp with time zone), which stores an absolute instant.',
          span,
          ...(match ? typeFix(ctx, col, ancestors, { title: 'Use timestamptz', edits: [{ ...span, text: `timestamptz${precision}` }] }, true) : {}),
        });
      },
    };
  },
});
