import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-table-schema', {
  valid: [
    'CREATE TABLE public.orders (id bigint PRIMARY KEY);',
    'ALTER TABLE app.orders ADD COLUMN note text;\nDROP TABLE app.old_orders;\nCREATE TABLE app.t AS SELECT 1;',
    { name: 'temporary tables', sql: 'CREATE TEMP TABLE scratch (id int) ON COMMIT DROP;\nCREATE TEMPORARY TABLE s2 AS SELECT 1;' },
    { name: 'other statements are not checked', sql: 'CREATE INDEX CONCURRENTLY i ON orders (a);\nINSERT INTO orders (id) VALUES (1);' },
    { name: 'suppressed', sql: '-- migrationlint-ignore require-table-schema -- search_path set by the runner\nCREATE TABLE orders (id bigint);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
      errors: [{ line: 1, column: 14, endLine: 1, endColumn: 44, message: 'Table orders is not schema-qualified: it resolves through search_path' }],
    },
    {
      name: 'ALTER TABLE, CREATE TABLE AS and DROP TABLE',
      sql: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE TABLE totals AS SELECT 1 AS n;\nDROP TABLE old_orders, app.kept;',
      errors: [
        { line: 1, column: 13, endLine: 1, endColumn: 40, message: 'Table orders' },
        { line: 2, column: 14, endLine: 2, endColumn: 37, message: 'Table totals' },
        { line: 3, column: 1, endLine: 3, endColumn: 32, message: 'Table old_orders' },
      ],
    },
    {
      name: 'quoted name after multibyte text',
      sql: "SELECT 'é';\nALTER TABLE ONLY \"Orders\" DROP COLUMN x;",
      errors: [{ line: 2, column: 18, endLine: 2, endColumn: 40, message: 'Table Orders' }],
    },
  ],
});
