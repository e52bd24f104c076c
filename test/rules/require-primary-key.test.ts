import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-primary-key', {
  valid: [
    'CREATE TABLE page_views (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, path text);',
    'CREATE TABLE tags (post_id bigint, tag text, CONSTRAINT pk_tags PRIMARY KEY (post_id, tag));',
    { name: 'key added later in the same migration', sql: 'CREATE TABLE t (a bigint NOT NULL);\nCREATE UNIQUE INDEX t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY USING INDEX t_a;' },
    { name: 'key column added later', sql: 'CREATE TABLE t (a text);\nALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;' },
    { name: 'partitions, temporary tables, LIKE … INCLUDING ALL', sql: 'CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\nCREATE TEMP TABLE scratch (a int);\nCREATE TABLE copy (LIKE orders INCLUDING ALL);' },
    { name: 'dropped again in the same migration', sql: 'CREATE TABLE scratch (a int);\nDROP TABLE scratch;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore require-primary-key -- append-only log\nCREATE TABLE log (line text);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE page_views (path text NOT NULL, viewed_at timestamptz NOT NULL);',
      errors: [{ line: 1, column: 14, endLine: 1, endColumn: 77, message: 'Table page_views has no primary key' }],
    },
    {
      name: 'a key on another table does not count; LIKE without INCLUDING INDEXES',
      sql: 'CREATE TABLE a (x int);\nCREATE TABLE app.b (LIKE a INCLUDING DEFAULTS);\nALTER TABLE c ADD PRIMARY KEY (x);',
      errors: [
        { line: 1, column: 14, endLine: 1, endColumn: 23, message: 'Table a has no primary key' },
        { line: 2, column: 14, endLine: 2, endColumn: 47, message: 'Table app.b has no primary key' },
      ],
    },
    {
      name: 'a UNIQUE constraint is not a primary key',
      sql: 'BEGIN;\nCREATE TABLE t (\n  a bigint UNIQUE NOT NULL\n);\nCOMMIT;',
      errors: [{ line: 2, column: 14, endLine: 4, endColumn: 2 }],
    },
  ],
});
