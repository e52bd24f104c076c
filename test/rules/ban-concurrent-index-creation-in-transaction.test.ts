import { ruleTester } from '../helpers/rule-tester.js';

const GOOSE = '20240101120000_index.sql';
const ALEMBIC_SINGLE_TRANSACTION = [
  'BEGIN;',
  '',
  'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);',
  '',
  '-- Running upgrade  -> 1a2b3c4d5e6f, add index',
  '',
  'CREATE INDEX CONCURRENTLY ix_t_a ON t (a);',
  '',
  "INSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d5e6f');",
  '',
  'COMMIT;',
  '',
].join('\n');

ruleTester('ban-concurrent-index-creation-in-transaction', {
  valid: [
    'CREATE INDEX CONCURRENTLY i ON t (a);',
    'DROP INDEX CONCURRENTLY i;',
    'REINDEX INDEX CONCURRENTLY i;',
    { name: 'not concurrent, in a transaction', sql: 'CREATE INDEX i ON t (a);', assumeInTransaction: true },
    { name: 'goose NO TRANSACTION', filename: GOOSE, sql: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n' },
    {
      name: 'dbmate transaction:false on both sections',
      sql: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n',
    },
    { name: 'golang-migrate: a file holding one statement runs outside a transaction', sql: 'CREATE INDEX CONCURRENTLY i ON t (a);\n', runner: 'golang-migrate' },
    { name: 'after COMMIT', sql: 'BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);' },
    {
      name: 'alembic output without transactional DDL',
      filename: 'upgrade.sql',
      sql: '-- Running upgrade  -> 1a2b3c4d5e6f, add index\n\nCREATE INDEX CONCURRENTLY ix_t_a ON t (a);\n',
    },
  ],
  invalid: [
    {
      name: 'explicit BEGIN',
      sql: 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 37, message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (it follows a BEGIN)' }],
    },
    {
      name: 'goose wraps the file',
      filename: GOOSE,
      sql: '-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 37, message: 'goose runs each migration in a transaction' }],
    },
    {
      name: 'dbmate wraps both sections',
      sql: '-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX CONCURRENTLY i;\n',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 37, message: 'dbmate runs each section in a transaction' },
        { line: 4, column: 1, endLine: 4, endColumn: 26, message: 'DROP INDEX CONCURRENTLY cannot run' },
      ],
    },
    {
      name: 'alembic offline output in one transaction',
      filename: 'upgrade.sql',
      sql: ALEMBIC_SINGLE_TRANSACTION,
      errors: [{ line: 7, column: 1, endLine: 7, endColumn: 42, message: 'alembic wraps the migration in BEGIN/COMMIT' }],
    },
    {
      name: 'assumeInTransaction',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);',
      assumeInTransaction: true,
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 44, message: 'migrationlint runs this migration in a transaction' }],
    },
    {
      name: 'golang-migrate: a multi-statement file is one implicit transaction',
      sql: 'SELECT 1;\nDROP INDEX CONCURRENTLY i;',
      runner: 'golang-migrate',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26, message: 'golang-migrate sends the file as one multi-statement query, which runs in one implicit transaction' }],
    },
    {
      name: 'REINDEX (CONCURRENTLY) and REINDEX … CONCURRENTLY',
      sql: 'BEGIN;\nREINDEX (CONCURRENTLY) TABLE orders;\nREINDEX INDEX CONCURRENTLY i;\nCOMMIT;',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 36, message: 'REINDEX CONCURRENTLY' },
        { line: 3, column: 1, endLine: 3, endColumn: 29, message: 'REINDEX CONCURRENTLY' },
      ],
    },
    {
      name: 'inside a DO block, even without a transaction around it',
      sql: 'DO $$\nBEGIN\n  CREATE INDEX CONCURRENTLY i ON t (a);\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 39, message: 'DO block' }],
    },
    {
      name: 'after multibyte text',
      sql: "BEGIN;\nSELECT 'é日本😀'; CREATE INDEX CONCURRENTLY \"日本\" ON t (a);\nCOMMIT;",
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 56 }],
    },
    {
      name: 'CRLF line endings',
      sql: 'BEGIN;\r\nDROP INDEX CONCURRENTLY i;\r\nCOMMIT;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26 }],
    },
  ],
});
