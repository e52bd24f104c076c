import { ruleTester } from '../helpers/rule-tester.js';

// dbmate, told not to wrap the section, sends it as one query: a single statement runs outside any transaction
// (several would share one implicit transaction).
const UP = '-- migrate:up transaction:false\n';
// goose, told not to wrap the file: each statement is its own query, so several statements commit one by one.
const GOOSE_UP = '-- +goose NO TRANSACTION\n-- +goose Up\n';

ruleTester('prefer-robust-stmts', {
  valid: [
    { name: 'in a transaction, a failure rolls everything back', sql: 'CREATE TABLE t (id int);\nDROP TABLE u;' },
    `${UP}CREATE TABLE IF NOT EXISTS t (id int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\nDROP INDEX CONCURRENTLY IF EXISTS t_old_idx;\n`,
    `${UP}ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS b;\n`,
    { name: 'ADD CONSTRAINT after DROP CONSTRAINT IF EXISTS', sql: `${UP}ALTER TABLE t DROP CONSTRAINT IF EXISTS t_ck, ADD CONSTRAINT t_ck CHECK (a > 0);\n` },
    `${UP}CREATE SCHEMA IF NOT EXISTS app;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n`,
  ],
  invalid: [
    {
      sql: `${UP}CREATE TABLE t (id int);\n`,
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 24, message: 'CREATE TABLE t fails when the migration is run again: it does not run in a transaction, so after a failure further down, the re-run stops here.' }],
      output: `${UP}CREATE TABLE IF NOT EXISTS t (id int);\n`,
    },
    {
      sql: `${UP}CREATE UNIQUE INDEX CONCURRENTLY t_a_idx ON t (a);\n`,
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 50, message: 'CREATE INDEX t_a_idx fails' }],
      output: `${UP}CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);\n`,
    },
    {
      name: 'an index without a name cannot take IF NOT EXISTS: no fix',
      sql: `${UP}CREATE INDEX CONCURRENTLY ON t (a);\n`,
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'goose without a transaction runs statement by statement',
      sql: `${GOOSE_UP}DROP TABLE t;\nDROP MATERIALIZED VIEW mv;\n`,
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 13, message: 'DROP TABLE fails' },
        { line: 4, column: 1, endLine: 4, endColumn: 26, message: 'DROP MATERIALIZED VIEW fails' },
      ],
      output: `${GOOSE_UP}DROP TABLE IF EXISTS t;\nDROP MATERIALIZED VIEW IF EXISTS mv;\n`,
    },
    {
      name: 'ALTER TABLE subcommands',
      sql: `${UP}ALTER TABLE t ADD COLUMN a int, DROP COLUMN "B", DROP CONSTRAINT t_ck;\n`,
      errors: [
        { line: 2, column: 26, endLine: 2, endColumn: 70, message: 'ADD COLUMN a fails' },
        { line: 2, column: 33, endLine: 2, endColumn: 70, message: 'DROP COLUMN B fails' },
        { line: 2, column: 50, endLine: 2, endColumn: 70, message: 'DROP CONSTRAINT t_ck fails' },
      ],
      output: `${UP}ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS "B", DROP CONSTRAINT IF EXISTS t_ck;\n`,
    },
    {
      name: 'ADD CONSTRAINT has no IF NOT EXISTS: no fix',
      sql: `${UP}ALTER TABLE t ADD CONSTRAINT t_ck CHECK (a > 0);\n`,
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 48, message: 'ADD CONSTRAINT t_ck fails' }],
    },
    {
      name: 'CONCURRENTLY makes a migrationlint migration non-transactional',
      sql: 'CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCREATE SCHEMA app;\nCREATE EXTENSION pgcrypto;\nCREATE SEQUENCE s;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 43 },
        { line: 2, column: 1, endLine: 2, endColumn: 18, message: 'CREATE SCHEMA app fails' },
        { line: 3, column: 1, endLine: 3, endColumn: 26, message: 'CREATE EXTENSION pgcrypto fails' },
        { line: 4, column: 1, endLine: 4, endColumn: 18, message: 'CREATE SEQUENCE s fails' },
      ],
      output: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);\nCREATE SCHEMA IF NOT EXISTS app;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE SEQUENCE IF NOT EXISTS s;',
    },
  ],
});
