import { defineRule } from '../src/rule.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const CHAR_N = new RegExp(String.raw`^${CATALOG_PREFIX}(?:bpchar|national\s+(?:character|char)|nchar|character|char)(?![\w$])(?:\s*\(\s*\d+\s*\))?`, 'i');

export default defineRule({
  meta: {
    id: 'ban-char-field',
    kind: 'rule',
    description: 'char(n) / character columns: blank-padded, almost never what is meant.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'char(n) (character, bpchar) pads every value with spaces to n characters, ignores trailing spaces in comparisons but not in LIKE or regular expressions, and silently truncates trailing spaces on cast. It is not faster than text or varchar in PostgreSQL; plain `char` means char(1).',
      solution:
        'Declare the column text (with CHECK (char_length(col) = n) when a fixed length matters). The quoted internal type "char" (one byte) is not flagged.',
      bad: 'CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);',
      good: "CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);",
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.builtin !== 'bpchar') return;
        const { span, match } = typeSpan(ctx, col.typeName, CHAR_N);
        ctx.report({
          message: `Column ${col.column} of ${col.table} is ${match ? match[0] : 'char(n)'}: values are padded with spaces to the full length, and trailing spaces compare inconsistently.`,
          help: `Use text, with CHECK (char_length(${col.column}) = n) if a fixed length matters.`,
          span,
        });
      },
    };
  },
});
