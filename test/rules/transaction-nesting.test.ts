import { ruleTester } from '../helpers/rule-tester.js';

const GOOSE = '20240101120000_tx.sql';

ruleTester('transaction-nesting', {
  valid: [
    'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;',
    'CREATE TABLE a (id int);',
    { name: 'two transactions one after the other', sql: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;' },
    { name: 'savepoints inside a transaction', sql: 'BEGIN;\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;\nCOMMIT;' },
    { name: "golang-migrate's implicit transaction becomes the explicit one", runner: 'golang-migrate', sql: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;' },
    { name: 'goose NO TRANSACTION manages its own', filename: GOOSE, sql: '-- +goose NO TRANSACTION\n-- +goose Up\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n' },
    { name: 'savepoint in the transaction the migrationlint runner opens', sql: 'SAVEPOINT s;\nCREATE TABLE a (id int);\nRELEASE SAVEPOINT s;' },
  ],
  invalid: [
    {
      sql: 'BEGIN;\nCREATE TABLE a (id bigint);\nBEGIN;\nCREATE TABLE b (id bigint);\nCOMMIT;\nCOMMIT;',
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 6, message: 'BEGIN inside a transaction block only warns: the first COMMIT after it ends the outer transaction, and what follows runs outside one.' },
        { line: 6, column: 1, endLine: 6, endColumn: 7, message: 'COMMIT without a transaction block does nothing (WARNING: there is no transaction in progress).' },
      ],
    },
    {
      name: 'COMMIT without BEGIN',
      sql: 'CREATE TABLE a (id int);\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 7, message: 'COMMIT without a transaction block' }],
    },
    {
      name: 'goose wraps the file',
      filename: GOOSE,
      sql: '-- +goose Up\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 6, message: "BEGIN in a migration its runner already wraps in a transaction: it only warns, and a later COMMIT ends the runner's transaction early." },
        { line: 4, column: 1, endLine: 4, endColumn: 7, message: "COMMIT in a migration its runner already wraps in a transaction: it ends the runner's transaction early" },
      ],
    },
    {
      name: 'dbmate wraps the section',
      sql: '-- migrate:up\nCREATE TABLE a (id int);\nROLLBACK;\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 9, message: 'ROLLBACK in a migration its runner already wraps' }],
    },
    {
      name: 'SAVEPOINT after the transaction ended',
      sql: 'BEGIN;\nCOMMIT;\nSAVEPOINT s;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 12, message: 'SAVEPOINT outside a transaction block fails (SQLSTATE 25P01).' }],
    },
    {
      name: 'ROLLBACK after COMMIT',
      sql: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nROLLBACK;',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 9, message: 'ROLLBACK without a transaction block' }],
    },
    {
      name: 'START TRANSACTION then BEGIN',
      sql: 'START TRANSACTION;\nBEGIN;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 6, message: 'BEGIN inside a transaction block' }],
    },
    {
      name: 'assumeInTransaction',
      assumeInTransaction: true,
      sql: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 6, message: 'BEGIN in a migration its runner already wraps' },
        { line: 3, column: 1, endLine: 3, endColumn: 7, message: 'COMMIT in a migration its runner already wraps' },
      ],
    },
  ],
});
