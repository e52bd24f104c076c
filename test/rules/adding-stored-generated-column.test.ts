import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('adding-stored-generated-column', {
  valid: [
    'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) VIRTUAL;',
    { name: 'PostgreSQL 18 default is VIRTUAL', sql: 'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100);' },
    { name: 'a new table', sql: 'CREATE TABLE orders (total numeric, cents bigint GENERATED ALWAYS AS (total * 100) STORED);' },
    { name: 'table created earlier in the same migration', sql: 'CREATE TABLE orders (total numeric);\nALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;' },
    { name: 'identity is not a stored generated column', sql: 'ALTER TABLE orders ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore adding-stored-generated-column -- tiny table\nALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 1) STORED;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      errors: [{ line: 1, column: 50, endLine: 1, endColumn: 90, message: 'Adding stored generated column total_cents to orders computes it for every existing row' }],
    },
    {
      name: 'one stored and one virtual column, second statement',
      sql: 'SELECT 1;\nALTER TABLE app.t\n  ADD COLUMN v int GENERATED ALWAYS AS (a * 2) VIRTUAL,\n  ADD COLUMN s int GENERATED ALWAYS AS (a * 3) STORED;',
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 54, message: 'Adding stored generated column s to app.t' }],
    },
    {
      name: 'before PostgreSQL 18 too',
      pgVersion: 16,
      sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a + 1) STORED;',
      errors: [{ line: 1, column: 32, endLine: 1, endColumn: 66 }],
    },
  ],
});
