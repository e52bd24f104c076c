import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('prefer-bigint-over-smallint', {
  valid: [
    'ALTER TABLE products ADD COLUMN stock bigint NOT NULL DEFAULT 0;',
    { name: 'int is another rule', sql: 'CREATE TABLE t (a int, b integer, c serial);' },
    { name: 'a cast', sql: 'SELECT 1::smallint;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore prefer-bigint-over-smallint -- weekday 0..6\nALTER TABLE slots ADD COLUMN weekday smallint;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE products ADD COLUMN stock smallint NOT NULL DEFAULT 0;',
      errors: [{ line: 1, column: 39, endLine: 1, endColumn: 47, message: 'Column stock of products is smallint (16-bit): it overflows at 32,767' }],
    },
    {
      name: 'int2, smallserial, serial2 in CREATE TABLE',
      sql: 'CREATE TABLE t (\n  a int2,\n  b smallserial,\n  c SERIAL2\n);',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 9, message: 'is int2 (16-bit)' },
        { line: 3, column: 5, endLine: 3, endColumn: 16, message: 'is smallserial (16-bit)' },
        { line: 4, column: 5, endLine: 4, endColumn: 12, message: 'is serial2 (16-bit)' },
      ],
    },
    {
      name: 'ALTER COLUMN TYPE after another statement',
      sql: 'SELECT 1;\nALTER TABLE t ALTER COLUMN a TYPE smallint USING a::smallint;',
      errors: [{ line: 2, column: 35, endLine: 2, endColumn: 43 }],
    },
    {
      name: 'schema-qualified table and type',
      sql: 'ALTER TABLE app.t ADD COLUMN a pg_catalog.int2;',
      errors: [{ line: 1, column: 32, endLine: 1, endColumn: 47, message: 'Column a of app.t is int2' }],
    },
  ],
});
