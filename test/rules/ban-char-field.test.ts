import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-char-field', {
  valid: [
    'CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));',
    { name: 'varchar is not char', sql: 'CREATE TABLE t (a varchar(3), b character varying(3), c char varying(2));' },
    { name: 'the internal one-byte "char" type', sql: 'CREATE TABLE t (flag "char");' },
    { name: 'a cast', sql: "SELECT 'ab'::char(2);" },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-char-field -- ISO code, fixed width\nALTER TABLE t ADD COLUMN iso char(2);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);',
      errors: [{ line: 1, column: 30, endLine: 1, endColumn: 37, message: 'Column code of countries is char(2): values are padded with spaces' }],
    },
    {
      name: 'character, bare char, bpchar, national character',
      sql: 'CREATE TABLE t (\n  a character(3),\n  b char,\n  c bpchar,\n  d national character(4)\n);',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 17, message: 'is character(3)' },
        { line: 3, column: 5, endLine: 3, endColumn: 9, message: 'is char:' },
        { line: 4, column: 5, endLine: 4, endColumn: 11 },
        { line: 5, column: 5, endLine: 5, endColumn: 26 },
      ],
    },
    {
      name: 'ADD COLUMN and ALTER COLUMN TYPE in one statement',
      sql: 'ALTER TABLE t ADD COLUMN a CHAR(1), ALTER COLUMN b TYPE char(10);',
      errors: [
        { line: 1, column: 28, endLine: 1, endColumn: 35 },
        { line: 1, column: 57, endLine: 1, endColumn: 65 },
      ],
    },
  ],
});
