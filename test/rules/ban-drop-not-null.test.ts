import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-not-null', {
  valid: [
    'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
    'CREATE TABLE drafts (id bigint, title text NOT NULL);\nALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;',
    {
      name: 'the schema model knows the column is nullable already: a no-op',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE orders (id bigint, note text);' },
      sql: 'ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;',
    },
    {
      name: 'nullable again after an earlier migration dropped NOT NULL',
      filename: '003_c.sql',
      others: {
        '001_a.sql': 'CREATE TABLE orders (id bigint, note text NOT NULL);',
        '002_b.sql': '-- migrationlint-ignore ban-drop-not-null -- every reader handles NULL since v2.3\nALTER TABLE orders ALTER COLUMN note DROP NOT NULL;',
      },
      sql: 'ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;',
    },
    {
      name: 'a down that undoes the NOT NULL its own up set',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE orders (id bigint, note text);' },
      sql: '-- migrate:up\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n-- migrate:down\nALTER TABLE orders ALTER COLUMN note DROP NOT NULL;',
    },
  ],
  invalid: [
    {
      name: 'a down that drops a NOT NULL that existed before its up',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE orders (id bigint, note text NOT NULL);' },
      sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN total int NOT NULL;\n-- migrate:down\nALTER TABLE orders ALTER COLUMN note DROP NOT NULL, ALTER COLUMN total DROP NOT NULL;',
      errors: [{ line: 4, column: 1, message: 'on orders.note' }],
    },
    {
      sql: 'ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 58, message: 'Dropping NOT NULL on orders.customer_id lets NULLs in' }],
    },
    {
      name: 'a NOT NULL column of a table created by an earlier migration',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric NOT NULL);' },
      sql: 'SELECT 1;\nALTER TABLE app.orders ALTER total DROP NOT NULL;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 49, message: 'on app.orders.total' }],
    },
    {
      name: 'two columns, one known nullable',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE orders (a int NOT NULL, b int);' },
      sql: 'ALTER TABLE orders ALTER COLUMN a DROP NOT NULL, ALTER COLUMN b DROP NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 78, message: 'orders.a' }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE orders ALTER COLUMN a DROP NOT NULL;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 50 }],
    },
  ],
});
