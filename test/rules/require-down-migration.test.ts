import { ruleTester } from '../helpers/rule-tester.js';

const OTHER_WITH_DOWN = { '002_other.up.sql': 'CREATE TABLE b (id int);', '002_other.down.sql': 'DROP TABLE b;' };

ruleTester('require-down-migration', {
  valid: [
    { name: 'forward-only set', sql: 'ALTER TABLE orders ADD COLUMN note text;' },
    { name: 'down: none', down: 'none', sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n-- migrate:down\n' },
    { name: 'dbmate with its down', sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN note;\n' },
    { name: 'goose with its down, down required', down: 'required', filename: '20240101120000_note.sql', sql: '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN note;\n' },
    { name: 'up and down files', filename: '001_note.up.sql', sql: 'ALTER TABLE orders ADD COLUMN note text;', others: { '001_note.down.sql': 'ALTER TABLE orders DROP COLUMN note;' } },
    {
      name: 'irreversible, suppressed at the top of the file',
      down: 'required',
      sql: '-- migrationlint-ignore require-down-migration -- irreversible: drops data\nDROP TABLE old_orders;\nDROP TABLE old_items;',
    },
    {
      name: 'file-level suppression',
      sql: '-- migrationlint-ignore-file require-down-migration -- irreversible\nDROP TABLE old_orders;',
      others: OTHER_WITH_DOWN,
    },
  ],
  invalid: [
    {
      name: 'down required, none given: anchored on the first statement',
      down: 'required',
      sql: 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 24, message: 'Migration 001_migration has no down migration, but this set uses them' }],
    },
    {
      name: 'another migration of the set has a down file',
      filename: '001_a.sql',
      sql: '-- create a\nCREATE TABLE a (id int);',
      others: OTHER_WITH_DOWN,
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 24, message: 'Migration 001_a has no down' }],
    },
    {
      name: 'dbmate down with only comments and whitespace',
      sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n\n-- migrate:down\n-- nothing to undo\n/* really */\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 40, message: 'The down migration of 001_migration is empty' }],
    },
    {
      name: 'empty down file',
      filename: '003_c.up.sql',
      sql: 'CREATE TABLE c (id int);',
      others: { '003_c.down.sql': '\n-- TODO\n' },
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 24, message: 'The down migration of 003_c is empty' }],
    },
    {
      name: 'up section without statements: anchored at its start',
      down: 'required',
      filename: '20240101120000_x.sql',
      sql: '-- +goose Up\n-- nothing yet\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 1 }],
    },
    {
      name: 'a suppression with an unrelated rule does not hide it',
      down: 'required',
      sql: '-- migrationlint-ignore ban-drop-schema -- unrelated\nDROP TABLE t;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
    {
      name: 'a DO block first: anchored on the DO statement',
      down: 'required',
      sql: 'DO $$\nBEGIN\n  DELETE FROM t WHERE id = 1;\nEND\n$$;',
      errors: [{ line: 1, column: 1, endLine: 5, endColumn: 3 }],
    },
    {
      name: 'after multibyte text',
      down: 'required',
      sql: "-- é 日本 😀\n  SELECT '😀';",
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 14 }],
    },
    {
      name: 'CRLF line endings',
      sql: '-- migrate:up\r\nCREATE TABLE a (id int);\r\n-- migrate:down\r\n\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 24 }],
    },
  ],
});
