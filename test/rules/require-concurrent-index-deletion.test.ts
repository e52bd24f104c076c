import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-concurrent-index-deletion', {
  valid: [
    'DROP INDEX CONCURRENTLY orders_customer_idx;',
    'DROP INDEX CONCURRENTLY IF EXISTS app.orders_customer_idx;',
    'CREATE INDEX orders_a_idx ON orders (a);\nDROP INDEX orders_a_idx;',
    'CREATE INDEX i1 ON t (a);\nCREATE INDEX i2 ON t (b);\nDROP INDEX i1, i2;',
    'CREATE INDEX i ON app.t (a);\nDROP INDEX app.i;',
    'DROP TABLE orders;',
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore require-concurrent-index-deletion -- table has 10 rows\nDROP INDEX small_idx;' },
  ],
  invalid: [
    {
      name: 'an index of a partitioned table: no fix',
      sql: 'DROP INDEX events_at_idx;',
      others: { '000_schema.sql': 'CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at);\nCREATE INDEX events_at_idx ON events (at);' },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'an index the model does not know: no fix',
      sql: 'DROP INDEX unknown_idx;',
      errors: [{ line: 1, column: 1 }],
    },
    {
      sql: 'DROP INDEX orders_customer_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, message: 'DROP INDEX orders_customer_idx without CONCURRENTLY takes an ACCESS EXCLUSIVE lock' }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: 'DROP INDEX CONCURRENTLY orders_customer_idx;',
    },
    {
      name: 'several indexes: CONCURRENTLY takes one, so no fix',
      sql: 'DROP INDEX a, app.b;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 20, message: 'DROP INDEX a, app.b without CONCURRENTLY' }],
    },
    {
      name: 'CASCADE: CONCURRENTLY does not support it, so no fix',
      sql: 'DROP INDEX IF EXISTS a CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'only one of the indexes was created in the migration',
      sql: 'CREATE INDEX i1 ON t (a);\nDROP INDEX i1, i2;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 18 }],
    },
    {
      name: 'dropped before it is created; the migrationlint runner adapts to CONCURRENTLY: fixed',
      sql: 'DROP INDEX IF EXISTS i;\nCREATE INDEX i ON t (a);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 23 }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: 'DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX i ON t (a);',
    },
    {
      name: 'the tables are named when the schema model knows the indexes; unknown ones stay unnamed (in a transaction: no fix)',
      sql: 'BEGIN;\nDROP INDEX orders_customer_idx;\nDROP INDEX a, app.events_at;\nDROP INDEX unknown_idx;\nCOMMIT;',
      others: { '000_schema.sql': 'CREATE TABLE orders (id int, customer_id int);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\nCREATE TABLE t (a int);\nCREATE INDEX a ON t (a);\nCREATE SCHEMA app;\nCREATE TABLE app.events (at date);\nCREATE INDEX events_at ON app.events (at);' },
      errors: [
        { line: 2, column: 1, message: 'takes an ACCESS EXCLUSIVE lock on table orders, blocking reads and writes on it until' },
        { line: 3, column: 1, message: 'takes an ACCESS EXCLUSIVE lock on tables t and app.events, blocking reads and writes on them' },
        { line: 4, column: 1, message: 'takes an ACCESS EXCLUSIVE lock on the indexed table, blocking' },
      ],
    },
    {
      name: 'inside an explicit transaction: no fix',
      sql: 'BEGIN;\nDROP INDEX a;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13, message: 'DROP INDEX a ' }],
    },
    {
      name: 'after an explicit transaction: fixed',
      sql: "BEGIN;\nSET LOCAL lock_timeout = '1s';\nCOMMIT;\nDROP INDEX b;",
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 13 }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: "BEGIN;\nSET LOCAL lock_timeout = '1s';\nCOMMIT;\nDROP INDEX CONCURRENTLY b;",
    },
    {
      name: 'beside other work: no fix (the migration would run without a transaction, mixing: mixed-transactional-statements)',
      sql: 'ALTER TABLE t ADD COLUMN b int;\nDROP INDEX b;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13, help: 'in a separate migration' }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX b ON t (a);' },
    },
    {
      name: 'goose wraps the file: no fix',
      filename: '20240101120000_drop.sql',
      sql: '-- +goose Up\nDROP INDEX a;\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
    {
      name: 'goose NO TRANSACTION: fixed',
      filename: '20240101120000_drop.sql',
      sql: '-- +goose NO TRANSACTION\n-- +goose Up\nDROP INDEX a;\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 13 }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: '-- +goose NO TRANSACTION\n-- +goose Up\nDROP INDEX CONCURRENTLY a;\n',
    },
    {
      name: 'assumeInTransaction: no fix',
      assumeInTransaction: true,
      sql: 'DROP INDEX i;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 13, message: 'DROP INDEX i ' }],
    },
    {
      name: 'inside a DO block: no fix',
      sql: 'DO $$\nBEGIN\n  DROP INDEX i;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 15 }],
    },
    {
      name: 'after multibyte text',
      sql: '-- é 日本 😀\n  drop  index "é_日本_idx";',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 25 }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: '-- é 日本 😀\n  drop  index CONCURRENTLY "é_日本_idx";',
    },
    {
      name: 'CRLF line endings',
      sql: '-- drop it\r\nDROP INDEX i;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
      others: { '000_schema.sql': 'CREATE TABLE t (a int);\nCREATE INDEX orders_customer_idx ON t (a);\nCREATE INDEX a ON t (a);\nCREATE INDEX b ON t (a);\nCREATE INDEX i ON t (a);\nCREATE INDEX "é_日本_idx" ON t (a);' },
      output: '-- drop it\r\nDROP INDEX CONCURRENTLY i;\r\n',
    },
  ],
});
