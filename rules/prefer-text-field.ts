import { defineRule } from '../src/rule.js';
import { typeFix } from '../src/fixes/type-fix.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const VARCHAR_N = new RegExp(
  String.raw`^${CATALOG_PREFIX}(?:varchar|character\s+varying|char\s+varying|national\s+(?:character|char)\s+varying|nchar\s+varying)\s*\(\s*\d+\s*\)`,
  'i',
);

export default defineRule({
  meta: {
    id: 'prefer-text-field',
    kind: 'rule',
    description: 'varchar(n) columns: prefer text (with a CHECK constraint when the length matters).',
    severity: 'warning',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'varchar(n) puts the length limit into the column type. Changing the limit later means ALTER COLUMN … TYPE, which takes an ACCESS EXCLUSIVE lock on the table (blocking reads and writes), and lowering it rewrites the whole table. text is stored the same way and is no slower.',
      solution:
        'Declare the column text, and enforce a length with CHECK (char_length(col) <= n) if it matters: a CHECK constraint can later be replaced with ADD CONSTRAINT … NOT VALID and VALIDATE CONSTRAINT without blocking. varchar without a length is not flagged (it is text).',
      bad: 'ALTER TABLE users ADD COLUMN nickname varchar(50);',
      good: 'ALTER TABLE users ADD COLUMN nickname text CONSTRAINT users_nickname_length CHECK (char_length(nickname) <= 50);',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.builtin !== 'varchar' || !col.typeName.typmods?.length) return;
        const { span, match } = typeSpan(ctx, col.typeName, VARCHAR_N);
        ctx.report({
          message: `Column ${col.column} of ${col.table} is ${match ? match[0] : 'varchar(n)'}: changing the limit later takes an ACCESS EXCLUSIVE lock on ${col.table} (blocking reads and writes), and lowering it rewrites the table.`,
          help: `Use text, with CHECK (char_length(${col.column}) <= n) if the limit matters: a CHECK can be changed without blocking.`,
          span,
          ...(match ? typeFix(ctx, col, ancestors, { title: 'Use text', edits: [{ ...span, text: 'text' }] }) : {}),
        });
      },
    };
  },
});
