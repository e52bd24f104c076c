import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-column', {
  valid: [
    'ALTER TABLE users ADD COLUMN legacy_flags text;',
    { name: 'table created earlier in the same migration', sql: 'CREATE TABLE imports (a int, b int);\nALTER TABLE imports DROP COLUMN b;' },
    { name: 'dropping a constraint or a default', sql: 'ALTER TABLE users DROP CONSTRAINT c, ALTER COLUMN a DROP DEFAULT;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-drop-column -- unused since v2.3\nALTER TABLE users DROP COLUMN legacy_flags;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users DROP COLUMN legacy_flags;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 43, message: 'Dropping column legacy_flags of users breaks every query and running application instance that still uses it' }],
    },
    {
      name: 'two columns in one statement, IF EXISTS and CASCADE',
      sql: 'ALTER TABLE app.users DROP COLUMN a, DROP COLUMN IF EXISTS b CASCADE;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 69, message: 'Dropping column a of app.users' },
        { line: 1, column: 1, endLine: 1, endColumn: 69, message: 'Dropping column b of app.users' },
      ],
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
