import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('explicit-table-lock', {
  valid: [
    'LOCK TABLE orders IN ACCESS SHARE MODE;',
    'LOCK TABLE orders IN ROW EXCLUSIVE MODE;',
    'LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE;',
    { name: 'a table created earlier in the migration', sql: 'CREATE TABLE t (id int);\nLOCK TABLE t;' },
  ],
  invalid: [
    {
      sql: 'LOCK TABLE orders;',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 18, message: 'LOCK TABLE orders IN ACCESS EXCLUSIVE MODE blocks reads and writes on orders until the transaction ends.' }],
    },
    { sql: 'LOCK orders IN SHARE MODE;', errors: [{ line: 1, column: 6, endLine: 1, endColumn: 26, message: 'LOCK TABLE orders IN SHARE MODE blocks writes on orders' }] },
    {
      name: 'the existing tables only, one finding',
      sql: 'CREATE TABLE t (id int);\nLOCK TABLE t, app.orders, items IN EXCLUSIVE MODE NOWAIT;',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 57, message: 'LOCK TABLE app.orders, items IN EXCLUSIVE MODE blocks writes' }],
    },
  ],
});
