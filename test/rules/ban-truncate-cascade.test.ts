import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-truncate-cascade', {
  valid: [
    'TRUNCATE order_items, orders, customers;',
    'TRUNCATE orders RESTRICT;',
    'TRUNCATE TABLE orders RESTART IDENTITY;',
    'DELETE FROM orders WHERE id = 1;',
    { name: 'suppressed with a reason', sql: 'TRUNCATE staging CASCADE; -- migrationlint-ignore ban-truncate-cascade -- staging only' },
  ],
  invalid: [
    {
      sql: 'TRUNCATE customers CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 27, message: 'TRUNCATE customers CASCADE also empties every table that references customers' }],
    },
    {
      name: 'several tables, schema-qualified, RESTART IDENTITY',
      sql: 'SELECT 1;\nTRUNCATE TABLE app.a, b RESTART IDENTITY CASCADE;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 49, message: 'TRUNCATE app.a, b CASCADE' }],
    },
    {
      name: 'after multibyte text',
      sql: "SELECT 'é日本😀'; TRUNCATE \"é\" CASCADE;",
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 37 }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  TRUNCATE logs CASCADE;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 24 }],
    },
    {
      name: 'CRLF line endings',
      sql: 'TRUNCATE a;\r\nTRUNCATE b CASCADE;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 19 }],
    },
  ],
});
