import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-schema', {
  valid: [
    'DROP VIEW reporting.monthly_revenue;',
    'DROP TABLE reporting;',
    'CREATE SCHEMA reporting;',
    'ALTER SCHEMA reporting RENAME TO reporting_old;',
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore ban-drop-schema -- schema is empty since 042\nDROP SCHEMA legacy;' },
  ],
  invalid: [
    {
      sql: 'DROP SCHEMA reporting CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 30, message: 'DROP SCHEMA reporting CASCADE deletes every object in reporting' }],
    },
    {
      name: 'without CASCADE',
      sql: 'DROP SCHEMA IF EXISTS legacy;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 29, message: 'DROP SCHEMA legacy deletes the schema legacy' }],
    },
    {
      name: 'several schemas, second statement',
      sql: 'SELECT 1;\n\nDROP SCHEMA a, b RESTRICT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 26, message: 'DROP SCHEMA a, b ' }],
    },
    {
      name: 'after multibyte text',
      sql: "-- 日本 😀\nSELECT 'é'; DROP SCHEMA \"日本\" CASCADE;",
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 37 }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  DROP SCHEMA tmp CASCADE;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 26 }],
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\nDROP SCHEMA s;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 14 }],
    },
  ],
});
