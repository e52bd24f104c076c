import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-create-domain-with-constraint', {
  valid: [
    'CREATE DOMAIN email AS text;',
    { name: 'NOT NULL and DEFAULT are not CHECK constraints', sql: "CREATE DOMAIN code AS text NOT NULL DEFAULT 'x';" },
    { name: 'CHECK on a table column', sql: "CREATE TABLE t (email text CHECK (email LIKE '%@%'));" },
    { name: 'suppressed', sql: "-- migrationlint-ignore ban-create-domain-with-constraint -- never changes\nCREATE DOMAIN positive AS int CHECK (VALUE > 0);" },
  ],
  invalid: [
    {
      sql: "CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');",
      errors: [{ line: 1, column: 29, endLine: 1, endColumn: 60, message: 'Domain email has a CHECK constraint: changing it later checks every column of type email in every table' }],
    },
    {
      name: 'named constraint after NOT NULL, schema-qualified',
      sql: 'SELECT 1;\nCREATE DOMAIN app.qty AS bigint NOT NULL CONSTRAINT qty_positive CHECK (VALUE > 0);',
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 83, message: 'Domain app.qty has a CHECK constraint' }],
    },
    {
      name: 'two CHECKs: two findings',
      sql: "CREATE DOMAIN d AS text CHECK (VALUE <> '') CHECK (length(VALUE) < 10);",
      errors: [
        { line: 1, column: 25, endLine: 1, endColumn: 71 },
        { line: 1, column: 45, endLine: 1, endColumn: 71 },
      ],
    },
  ],
});
