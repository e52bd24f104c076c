import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-concurrent-refresh', {
  valid: [
    'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    { name: 'WITH NO DATA has no concurrent form', sql: 'REFRESH MATERIALIZED VIEW order_totals WITH NO DATA;' },
    { name: 'a view created in the migration', sql: 'CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;\nREFRESH MATERIALIZED VIEW mv;' },
  ],
  invalid: [
    {
      name: 'the only unique index is on an expression: no fix (CONCURRENTLY needs plain columns)',
      sql: 'CREATE UNIQUE INDEX mv_lower_idx ON mv (lower(a));\nREFRESH MATERIALIZED VIEW mv;',
      errors: [{ line: 2, column: 1 }],
    },
    {
      name: 'an expression unique index from an earlier migration: no fix',
      filename: '002_refresh.sql',
      others: { '001_mv.sql': 'CREATE TABLE t (a text);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;\nCREATE UNIQUE INDEX mv_lower_idx ON mv (lower(a));' },
      sql: 'REFRESH MATERIALIZED VIEW mv;',
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'no unique index known: no fix',
      sql: 'REFRESH MATERIALIZED VIEW mv;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 29, message: 'REFRESH MATERIALIZED VIEW mv takes an ACCESS EXCLUSIVE lock: every read of mv waits until its query has run again.' }],
    },
    {
      name: 'a unique index created earlier: fixed',
      sql: 'CREATE UNIQUE INDEX mv_a_idx ON mv (a);\nREFRESH MATERIALIZED VIEW mv;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 29 }],
      output: 'CREATE UNIQUE INDEX mv_a_idx ON mv (a);\nREFRESH MATERIALIZED VIEW CONCURRENTLY mv;',
    },
    {
      name: 'a partial unique index does not qualify',
      sql: 'CREATE UNIQUE INDEX mv_a_idx ON mv (a) WHERE a > 0;\nREFRESH MATERIALIZED VIEW mv;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 29 }],
    },
    {
      name: 'CONCURRENTLY runs inside a transaction too',
      sql: 'BEGIN;\nCREATE UNIQUE INDEX mv_a_idx ON app.mv (a);\nREFRESH MATERIALIZED VIEW app.mv;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 33, message: 'every read of app.mv waits' }],
      output: 'BEGIN;\nCREATE UNIQUE INDEX mv_a_idx ON app.mv (a);\nREFRESH MATERIALIZED VIEW CONCURRENTLY app.mv;\nCOMMIT;',
    },
    {
      name: 'lower case, quoted name',
      sql: 'CREATE UNIQUE INDEX totals_idx ON "Totals" (id);\nrefresh   materialized view "Totals";',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 37 }],
      output: 'CREATE UNIQUE INDEX totals_idx ON "Totals" (id);\nrefresh   materialized view CONCURRENTLY "Totals";',
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  REFRESH MATERIALIZED VIEW mv;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 31 }],
    },
  ],
});
