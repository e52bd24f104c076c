import { defineRule } from '../src/rule.js';
import { CATALOG_PREFIX, declaredColumn, typeSpan } from '../src/facts/column-types.js';

const JSON_TYPE = new RegExp(String.raw`^${CATALOG_PREFIX}json(?![\w$])`, 'i');

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    kind: 'rule',
    description: 'json columns: prefer jsonb.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'json stores the document as text, exactly as written, and re-parses it on every access. It has no equality operator, so DISTINCT, GROUP BY, UNION and unique indexes on it fail, and it cannot be indexed with GIN for containment (@>) queries.',
      solution:
        'Declare the column jsonb: parsed once on write, indexable with GIN, comparable. jsonb drops insignificant whitespace, duplicate keys and key order; keep json only when the exact text must be preserved. Applies to CREATE TABLE columns, ADD COLUMN and ALTER COLUMN … TYPE.',
      bad: 'CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);',
      good: 'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL);',
    },
  },
  create(ctx) {
    return {
      ColumnDef(node, ancestors) {
        const col = declaredColumn(node, ancestors);
        if (col?.builtin !== 'json') return;
        ctx.report({
          message: `Column ${col.column} of ${col.table} is json: stored as text and re-parsed on every read, with no equality operator (DISTINCT, GROUP BY, unique indexes fail) and no GIN indexing.`,
          help: 'Use jsonb, unless the exact text of each document (key order, duplicate keys, whitespace) must be kept.',
          span: typeSpan(ctx, col.typeName, JSON_TYPE).span,
        });
      },
    };
  },
});
