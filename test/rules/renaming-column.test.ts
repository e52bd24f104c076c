import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('renaming-column', {
  valid: [
    'ALTER TABLE users ADD COLUMN email_address text;',
    { name: 'table created earlier in the same migration', sql: 'CREATE TABLE users (mail text);\nALTER TABLE users RENAME COLUMN mail TO email;' },
    { name: 'renaming a constraint or an index is not a column', sql: 'ALTER TABLE users RENAME CONSTRAINT a TO b;\nALTER INDEX i RENAME TO j;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore renaming-column -- no client reads it yet\nALTER TABLE users RENAME COLUMN mail TO email;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users RENAME COLUMN email TO email_address;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 55, message: 'Renaming column email of users to email_address breaks every query and running application instance that still uses "email"' }],
    },
    {
      name: 'without the COLUMN keyword, schema-qualified, second statement',
      sql: 'SELECT 1;\nALTER TABLE app.users RENAME mail TO email;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 43, message: 'Renaming column mail of app.users to email' }],
    },
    {
      name: 'a view column, and a table created only after the rename',
      sql: 'ALTER VIEW active_users RENAME COLUMN mail TO email;\nALTER TABLE t RENAME COLUMN a TO b;\nCREATE TABLE t (b int);',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 52, message: 'of active_users' },
        { line: 2, column: 1, endLine: 2, endColumn: 35, message: 'of t' },
      ],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN ALTER TABLE users RENAME COLUMN a TO b; END $$;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 51 }],
    },
  ],
});
