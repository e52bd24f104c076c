import { defineRule } from '../src/rule.js';
import { typeFix } from '../src/fixes/type-fix.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const INT_TYPES = new Set(['int4', 'serial', 'serial4']);
const INT = new RegExp(String.raw`^${CATALOG_PREFIX}(integer|int4|int|serial4|serial)(?![\w$])`, 'i');

export default defineRule({
  meta: {
    id: 'prefer-bigint-over-int',
    kind: 'rule',
    description: 'int / integer / serial columns: prefer bigint / bigserial.',
    severity: 'warning',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'integer (int, int4, serial) is 32-bit: ids and counters overflow at 2,147,483,647 and inserts start failing. Widening the column later is an ALTER COLUMN … TYPE bigint that rewrites the whole table (and its indexes) under an ACCESS EXCLUSIVE lock.',
      solution: 'Declare the column bigint (bigserial, or bigint GENERATED … AS IDENTITY for keys) from the start: 4 more bytes per value.',
      bad: 'CREATE TABLE accounts (id serial PRIMARY KEY, visits integer NOT NULL DEFAULT 0);',
      good: 'CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, visits bigint NOT NULL DEFAULT 0);',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (!col?.builtin || !INT_TYPES.has(col.builtin)) return;
        const { span, match } = typeSpan(ctx, col.typeName, INT);
        const serial = col.builtin !== 'int4';
        const replacement = serial ? 'bigserial' : 'bigint';
        ctx.report({
          message: `Column ${col.column} of ${col.table} is ${match?.[1]?.toLowerCase() ?? col.builtin} (32-bit): it overflows at 2,147,483,647, and widening it later rewrites ${col.table} under an ACCESS EXCLUSIVE lock.`,
          help: `Use ${replacement}: 4 more bytes per value.`,
          span,
          ...(match ? typeFix(ctx, col, ancestors, { title: `Use ${replacement}`, edits: [{ ...span, text: replacement }] }) : {}),
        });
      },
    };
  },
});
