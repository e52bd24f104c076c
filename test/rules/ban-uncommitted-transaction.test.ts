import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-uncommitted-transaction', {
  valid: [
    'BEGIN;\nSELECT 1;\nCOMMIT;',
    'BEGIN;\nSELECT 1;\nROLLBACK;',
    'START TRANSACTION;\nSELECT 1;\nEND;',
    'SELECT 1;',
    { name: 'a nested BEGIN is ignored: one COMMIT ends the block', sql: 'BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;' },
    { name: 'goose commits its own transaction (transaction-nesting reports the BEGIN)', filename: '20240101120000_tx.sql', sql: '-- +goose Up\nBEGIN;\nSELECT 1;\n' },
  ],
  invalid: [
    {
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6, message: 'BEGIN without COMMIT: the transaction is still open when the migration ends, and its changes are rolled back when the connection closes.' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
    },
    {
      name: 'last statement without a semicolon',
      sql: 'BEGIN;\nSELECT 1',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6 }],
      output: 'BEGIN;\nSELECT 1;\nCOMMIT;',
    },
    {
      name: 'COMMIT goes after the last statement, before trailing comments',
      sql: 'BEGIN;\nSELECT 1;\n-- done\n',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6 }],
      output: 'BEGIN;\nSELECT 1;\nCOMMIT;\n-- done\n',
    },
    {
      name: 'the second transaction is left open',
      sql: 'BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 18 }],
      output: 'BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;\nCOMMIT;',
    },
    {
      name: "golang-migrate: BEGIN turns the implicit transaction into an explicit one",
      runner: 'golang-migrate',
      sql: 'BEGIN;\nSELECT 1;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6 }],
      output: 'BEGIN;\nSELECT 1;\nCOMMIT;',
    },
    {
      name: 'dbmate up section without a transaction: COMMIT goes at the end of the section',
      sql: '-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\n\n-- migrate:down\nSELECT 2;\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 6 }],
      output: '-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\nCOMMIT;\n\n-- migrate:down\nSELECT 2;\n',
    },
  ],
});
