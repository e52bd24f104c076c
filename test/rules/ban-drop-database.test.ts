import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-database', {
  valid: [
    'DROP TABLE analytics_tmp;',
    'DROP SCHEMA IF EXISTS tmp;',
    'CREATE DATABASE analytics;',
    "DO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;",
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore ban-drop-database -- test fixture database\nDROP DATABASE fixtures;' },
  ],
  invalid: [
    {
      sql: 'DROP DATABASE analytics;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 24, message: 'DROP DATABASE analytics deletes the database analytics' }],
    },
    {
      name: 'IF EXISTS, WITH (FORCE), after other statements',
      sql: 'SELECT 1;\nDROP DATABASE IF EXISTS old_db WITH (FORCE);',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 44, message: 'DROP DATABASE old_db' }],
    },
    {
      name: 'after multibyte text',
      sql: "SELECT '日本😀'; DROP DATABASE \"é\";",
      errors: [{ line: 1, column: 16, endLine: 1, endColumn: 33, message: 'DROP DATABASE é' }],
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\nDROP DATABASE a;\r\nDROP DATABASE b;\r\n',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 16 },
        { line: 3, column: 1, endLine: 3, endColumn: 16 },
      ],
    },
    {
      name: 'a file-level suppression without this rule does not hide it',
      sql: '-- migrationlint-ignore-file ban-drop-schema -- other rule\nDROP DATABASE a;',
      errors: [{ line: 2, column: 1 }],
    },
  ],
});
