import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-concurrent-reindex', {
  valid: [
    'REINDEX INDEX CONCURRENTLY orders_idx;',
    'REINDEX (CONCURRENTLY) TABLE orders;',
    { name: 'SYSTEM has no concurrent form', sql: 'REINDEX SYSTEM app;' },
    { name: 'before PostgreSQL 12', pgVersion: 11, sql: 'REINDEX TABLE orders;' },
    { name: 'a table created in the migration', sql: 'CREATE TABLE t (id int);\nREINDEX TABLE t;' },
    { name: 'an index created in the migration', sql: 'CREATE INDEX t_a_idx ON t (a);\nREINDEX INDEX t_a_idx;' },
  ],
  invalid: [
    {
      name: 'the index of an exclusion constraint: no fix',
      sql: 'REINDEX INDEX booking_no_overlap;',
      others: { '000_schema.sql': 'CREATE TABLE booking (room int, during tsrange, CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));' },
      errors: [{ line: 1, column: 1, message: 'REINDEX INDEX booking_no_overlap without CONCURRENTLY blocks writes to booking and every query that uses booking_no_overlap' }],
    },
    {
      name: 'an index the schema model does not know: its table unnamed',
      sql: 'REINDEX INDEX app.orders_idx;',
      errors: [{ line: 1, column: 1, message: 'blocks writes to its table and every query that uses app.orders_idx' }],
    },
    {
      name: 'a table with an exclusion constraint: no fix',
      sql: 'REINDEX TABLE booking;',
      others: { '000_schema.sql': 'CREATE TABLE booking (room int, during tsrange, CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));' },
      errors: [{ line: 1, column: 1 }],
    },
    { name: 'a system catalog: no fix', sql: 'REINDEX TABLE pg_catalog.pg_class;', errors: [{ line: 1, column: 1 }] },
    {
      sql: 'REINDEX INDEX orders_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 25, message: 'REINDEX INDEX orders_idx without CONCURRENTLY blocks writes to app.orders and every query that uses orders_idx until the rebuild ends.' }],
      others: { '000_schema.sql': 'CREATE TABLE app.orders (a int);\nCREATE INDEX orders_idx ON app.orders (a);\nCREATE TABLE "日本" (a int);' },
      output: 'REINDEX INDEX CONCURRENTLY orders_idx;',
    },
    {
      sql: 'REINDEX (VERBOSE) TABLE app.orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 35, message: 'blocks writes to app.orders and every query that uses its indexes' }],
      others: { '000_schema.sql': 'CREATE TABLE app.orders (a int);\nCREATE INDEX orders_idx ON app.orders (a);\nCREATE TABLE "日本" (a int);' },
      output: 'REINDEX (VERBOSE) TABLE CONCURRENTLY app.orders;',
    },
    { sql: 'REINDEX SCHEMA app;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 19, message: 'REINDEX SCHEMA app without CONCURRENTLY' }] },
    { sql: 'REINDEX DATABASE app;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21 }] },
    {
      name: 'inside an explicit transaction: no fix',
      sql: 'BEGIN;\nREINDEX TABLE orders;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 21 }],
    },
    {
      name: 'assumeInTransaction: no fix',
      assumeInTransaction: true,
      sql: 'REINDEX TABLE orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: 'REINDEX TABLE orders' }],
    },
    {
      name: 'inside a DO block: no fix',
      sql: 'DO $$\nBEGIN\n  REINDEX TABLE orders;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 23 }],
    },
    {
      name: 'CONCURRENTLY false: no fix',
      sql: 'REINDEX (CONCURRENTLY false) TABLE t;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 37 }],
    },
    {
      name: 'lower case, after multibyte text',
      sql: '-- é 日本 😀\nreindex  table "日本";',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 20, message: 'REINDEX TABLE 日本' }],
      others: { '000_schema.sql': 'CREATE TABLE app.orders (a int);\nCREATE INDEX orders_idx ON app.orders (a);\nCREATE TABLE "日本" (a int);' },
      output: '-- é 日本 😀\nreindex  table CONCURRENTLY "日本";',
    },
  ],
});
