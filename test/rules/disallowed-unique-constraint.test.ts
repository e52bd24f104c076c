import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('disallowed-unique-constraint', {
  valid: [
    'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
    'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);',
    'CREATE TABLE users (id bigint, email text UNIQUE);\nALTER TABLE users ADD CONSTRAINT users_id_email_key UNIQUE (id, email), ADD COLUMN handle text UNIQUE;',
    'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID;',
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 64, message: 'ADD CONSTRAINT users_email_key … UNIQUE builds its index under an ACCESS EXCLUSIVE lock on users' }],
    },
    {
      name: 'unnamed, on a table created by an earlier migration',
      filename: '002_unique.sql',
      others: { '001_users.sql': 'CREATE TABLE app.users (id bigint, email text);' },
      sql: 'ALTER TABLE app.users\n  ADD UNIQUE (email);',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 21, message: 'ADD CONSTRAINT … UNIQUE builds its index under an ACCESS EXCLUSIVE lock on app.users' }],
    },
    {
      name: 'ADD COLUMN … UNIQUE',
      sql: 'ALTER TABLE users ADD COLUMN handle text UNIQUE;',
      errors: [{ line: 1, column: 42, endLine: 1, endColumn: 48, message: 'ADD COLUMN handle … UNIQUE builds a unique index' }],
    },
    {
      name: 'NULLS NOT DISTINCT and INCLUDE, after another statement',
      sql: 'SELECT 1;\nALTER TABLE users ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (email) INCLUDE (id);',
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 82 }],
    },
    {
      name: 'two constraints in one statement: two findings',
      sql: 'ALTER TABLE users ADD CONSTRAINT a UNIQUE (email), ADD CONSTRAINT b UNIQUE (handle);',
      errors: [
        { line: 1, column: 23, endLine: 1, endColumn: 84, message: 'ADD CONSTRAINT a ' },
        { line: 1, column: 56, endLine: 1, endColumn: 84, message: 'ADD CONSTRAINT b ' },
      ],
    },
  ],
});
