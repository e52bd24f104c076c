import { SHOP } from '../stats/fixture.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('large-table-rewrite', {
  valid: [
    { name: 'without a stats file it never fires', sql: "UPDATE orders SET status_code = 1 WHERE status = 'new';" },
    { name: 'a medium table (under stats.largeTable)', tableStats: SHOP, sql: 'UPDATE accounts SET plan = 1;' },
    { name: 'a table the stats do not list', tableStats: SHOP, sql: 'UPDATE invoices SET paid = true;' },
    { name: 'a table created earlier in the migration', tableStats: SHOP, sql: 'CREATE TABLE orders (id bigint, status_code int);\nUPDATE orders SET status_code = 1;' },
    { name: 'no rewrite: ADD COLUMN without a default', tableStats: SHOP, sql: 'ALTER TABLE orders ADD COLUMN status_code int;' },
    { name: 'another finding already names the size (rewriting-table-option)', tableStats: SHOP, sql: 'VACUUM FULL orders;' },
    { name: 'a type change the text alone cannot call a rewrite', tableStats: SHOP, sql: 'ALTER TABLE orders ALTER COLUMN note TYPE text;' },
    { name: 'a table of the docs example, under a raised threshold', tableStats: SHOP, stats: { largeTable: { rows: 100_000_000 } }, sql: 'UPDATE orders SET status_code = 1;' },
  ],
  invalid: [
    {
      name: 'a backfill UPDATE of a large table',
      tableStats: SHOP,
      sql: "UPDATE orders SET status_code = 1 WHERE status = 'new';",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 55, message: 'UPDATE may touch every row of orders, a large table (~50M rows, 12 GB); holds the rows it updates (up to all of them) for ~8 min–32 min (estimate).' }],
    },
    {
      name: 'an UPDATE without WHERE rewrites every row',
      tableStats: SHOP,
      sql: 'UPDATE public.orders SET status_code = 1;',
      errors: [{ line: 1, column: 1, message: 'UPDATE rewrites every row of orders, a large table' }],
    },
    {
      name: 'large by bytes alone',
      tableStats: SHOP,
      stats: { largeTable: { bytes: '200MB' } },
      sql: 'UPDATE accounts SET plan = 1;',
      errors: [{ line: 1, column: 1, message: 'of accounts, a large table (~2M rows, 300 MB)' }],
    },
    {
      name: 'a backfill inside a DO block, reported once',
      tableStats: SHOP,
      sql: "DO $$ BEGIN UPDATE orders SET status_code = 1 WHERE status = 'new'; END $$;",
      errors: [{ line: 1, column: 1, message: 'UPDATE may touch every row of orders' }],
    },
  ],
});
