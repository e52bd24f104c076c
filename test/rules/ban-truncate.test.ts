import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-truncate', {
  valid: [
    { name: 'CASCADE is ban-truncate-cascade', sql: 'TRUNCATE customers CASCADE;' },
    { name: 'a table created earlier in the migration', sql: 'CREATE TABLE staging (id int);\nINSERT INTO staging VALUES (1);\nTRUNCATE staging;' },
    'DELETE FROM sessions WHERE id = 1;',
    { name: 'suppressed with a reason', sql: 'TRUNCATE cache; -- migrationlint-ignore ban-truncate -- cache is rebuilt on start' },
  ],
  invalid: [
    {
      sql: 'TRUNCATE sessions;',
      errors: [{ line: 1, column: 10, endLine: 1, endColumn: 18, message: 'TRUNCATE sessions deletes every row of sessions and holds an ACCESS EXCLUSIVE lock until commit, blocking reads and writes on sessions.' }],
    },
    {
      name: 'one finding naming the existing tables, at the first of them',
      sql: 'CREATE TABLE staging (id int);\nTRUNCATE TABLE staging, app.sessions, tokens RESTART IDENTITY;',
      errors: [{ line: 2, column: 25, endLine: 2, endColumn: 62, message: 'TRUNCATE app.sessions, tokens deletes every row' }],
    },
    {
      name: 'an existing table of the same name as one created in another schema',
      sql: 'CREATE TABLE archive.sessions (id int);\nTRUNCATE sessions;',
      errors: [{ line: 2, column: 10, endLine: 2, endColumn: 18 }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  TRUNCATE logs;\nEND\n$$;',
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 16 }],
    },
  ],
});
