import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-column', {
  valid: [
    'ALTER TABLE users ADD COLUMN legacy_flags text;',
    { name: 'table created earlier in the same migration', sql: 'CREATE TABLE imports (a int, b int);\nALTER TABLE imports DROP COLUMN b;' },
    { name: 'dropping a constraint or a default', sql: 'ALTER TABLE users DROP CONSTRAINT c, ALTER COLUMN a DROP DEFAULT;' },
    {
      name: 'a down that drops the columns its own up added',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE users (id bigint);' },
      sql: '-- migrate:up\nALTER TABLE users ADD COLUMN note text;\nALTER TABLE users ADD COLUMN flags int;\n-- migrate:down\nALTER TABLE users DROP COLUMN note, DROP COLUMN flags;',
    },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-drop-column -- unused since v2.3\nALTER TABLE users DROP COLUMN legacy_flags;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users DROP COLUMN legacy_flags;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 43, message: 'Dropping column legacy_flags of users breaks every query and running application instance that still uses it' }],
    },
    {
      name: 'two columns in one statement, IF EXISTS and CASCADE: one finding naming both',
      sql: 'ALTER TABLE app.users DROP COLUMN a, DROP COLUMN IF EXISTS b CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 69, message: 'Dropping columns a and b of app.users breaks every query and running application instance that still uses them' }],
    },
    {
      name: 'a down that drops a column its up did not add',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE users (id bigint, email text);' },
      sql: '-- migrate:up\nALTER TABLE users ADD COLUMN note text;\n-- migrate:down\nALTER TABLE users DROP COLUMN note, DROP COLUMN email;',
      errors: [{ line: 4, column: 1, message: 'Dropping column email of users' }],
    },
    {
      name: 'another table than the one created',
      sql: 'CREATE TABLE imports (a int);\nALTER TABLE users DROP a;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 25, message: 'Dropping column a of users' }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN ALTER TABLE users DROP COLUMN a; END $$;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 44 }],
    },
  ],
});
