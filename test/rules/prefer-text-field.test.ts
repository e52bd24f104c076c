import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('prefer-text-field', {
  valid: [
    'CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);',
    { name: 'varchar without a length is text', sql: 'CREATE TABLE users (name varchar, nick character varying);' },
    'ALTER TABLE users ADD COLUMN bio text CHECK (char_length(bio) <= 500);',
    { name: 'varchar(n) in a cast, not a column type', sql: "SELECT 'x'::varchar(10);\nALTER TABLE users ALTER COLUMN name TYPE text USING name::varchar(20);" },
    { name: 'composite type attributes are not table columns', sql: 'CREATE TYPE address AS (street varchar(100));' },
    { name: 'suppressed', sql: '-- migrationlint-ignore prefer-text-field -- legacy width\nALTER TABLE users ADD COLUMN code varchar(8);' },
  ],
  invalid: [
    {
      name: 'a table later attached as a partition: no fix',
      sql: 'CREATE TABLE p1 (code varchar(8));\nALTER TABLE parent ATTACH PARTITION p1 DEFAULT;',
      errors: [{ line: 1, column: 23 }],
    },
    {
      sql: 'ALTER TABLE users ADD COLUMN nickname varchar(50);',
      errors: [{ line: 1, column: 39, endLine: 1, endColumn: 50, message: 'Column nickname of users is varchar(50): changing the limit later takes an ACCESS EXCLUSIVE lock on users' }],
      output: 'ALTER TABLE users ADD COLUMN nickname text;',
    },
    {
      name: 'every spelling in CREATE TABLE, arrays keep their brackets',
      sql: 'CREATE TABLE t (\n  a VARCHAR(10),\n  b character varying (20)[],\n  c pg_catalog.varchar(5) NOT NULL\n);',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 16, message: 'Column a of t is VARCHAR(10)' },
        { line: 3, column: 5, endLine: 3, endColumn: 27 },
        { line: 4, column: 5, endLine: 4, endColumn: 26 },
      ],
      output: 'CREATE TABLE t (\n  a text,\n  b text[],\n  c text NOT NULL\n);',
    },
    {
      name: 'ALTER COLUMN TYPE: the type is the intent of the statement, no fix (text would make it a no-op)',
      sql: 'SELECT 1;\nALTER TABLE "core_foo" ALTER COLUMN "kind" TYPE varchar(1000) USING "kind"::varchar(1000);',
      errors: [{ line: 2, column: 49, endLine: 2, endColumn: 62, message: 'Column kind of core_foo is varchar(1000)' }],
    },
    {
      name: 'after multibyte text, CRLF',
      sql: "SELECT 'é日本😀';\r\nALTER TABLE \"日本\" ADD COLUMN \"é\" varchar(3);\r\n",
      errors: [{ line: 2, column: 33, endLine: 2, endColumn: 43, message: 'Column é of 日本 is varchar(3)' }],
      output: "SELECT 'é日本😀';\r\nALTER TABLE \"日本\" ADD COLUMN \"é\" text;\r\n",
    },
    {
      name: 'inside a DO block: reported, no fix',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE users ADD COLUMN code varchar(8);\nEND\n$$;',
      errors: [{ line: 3, column: 37, endLine: 3, endColumn: 47 }],
    },
    {
      name: 'a comment inside the type: reported on the first word, no fix',
      sql: 'ALTER TABLE users ADD COLUMN code varchar /* width */ (8);',
      errors: [{ line: 1, column: 35, endLine: 1, endColumn: 42 }],
    },
  ],
});
