import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('backfill-in-ddl-transaction', {
  valid: [
    'ALTER TABLE orders ADD COLUMN status text;',
    { name: 'INSERT … VALUES is not a backfill', sql: 'ALTER TABLE orders ADD COLUMN status text;\nINSERT INTO orders (id) VALUES (1);' },
    { name: 'a table created in the migration', sql: 'CREATE TABLE t (id int);\nINSERT INTO t SELECT id FROM orders;' },
    { name: 'a lock that blocks neither reads nor writes', sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nUPDATE orders SET total = 0 WHERE total IS NULL;' },
    { name: 'committed before the backfill', sql: "BEGIN;\nALTER TABLE orders ADD COLUMN s text;\nCOMMIT;\nUPDATE orders SET s = 'x';" },
    { name: 'another table', sql: "ALTER TABLE orders ADD COLUMN s text;\nUPDATE invoices SET s = 'x';" },
    { name: 'different schemas', sql: "ALTER TABLE app.orders ADD COLUMN s text;\nUPDATE billing.orders SET s = 'x';" },
  ],
  invalid: [
    {
      sql: "ALTER TABLE orders ADD COLUMN status text;\nUPDATE orders SET status = 'new';",
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 33,
          message: 'UPDATE backfills orders in the transaction of its ADD COLUMN (line 1), whose ACCESS EXCLUSIVE lock is held until commit: reads and writes of orders wait for the whole backfill.',
        },
      ],
    },
    {
      name: 'INSERT … SELECT',
      sql: 'ALTER TABLE archive ADD COLUMN note text;\nINSERT INTO archive SELECT * FROM orders;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 41, message: 'INSERT … SELECT backfills archive' }],
    },
    {
      name: 'a qualified and an unqualified name of the same table',
      sql: "ALTER TABLE app.orders ADD COLUMN s text;\nUPDATE orders SET s = 'x';",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26, message: 'backfills app.orders' }],
    },
    {
      name: "CREATE INDEX's SHARE lock blocks writes",
      sql: 'CREATE INDEX orders_s_idx ON orders (s);\nUPDATE orders SET s = lower(s);',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 31, message: 'whose SHARE lock is held until commit: writes of orders wait for the whole backfill' }],
    },
    {
      name: 'inside a DO block',
      sql: "DO $$\nBEGIN\n  ALTER TABLE orders ADD COLUMN s text;\n  UPDATE orders SET s = 'x';\nEND\n$$;",
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 28, message: 'ADD COLUMN (line 3)' }],
    },
    {
      name: 'explicit transaction, other statements in between',
      sql: "BEGIN;\nALTER TABLE orders ALTER COLUMN s SET DEFAULT 'x';\nCREATE TABLE t (id int);\nUPDATE orders SET s = 'x' WHERE s IS NULL;\nCOMMIT;",
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 42, message: 'SET DEFAULT (line 2)' }],
    },
    {
      name: 'after multibyte text',
      sql: '-- é 日本 😀\nALTER TABLE "日本" ADD COLUMN s text;\nUPDATE "日本" SET s = \'é\';',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 24 }],
    },
  ],
});
