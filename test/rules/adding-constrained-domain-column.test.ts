import { ruleTester } from '../helpers/rule-tester.js';

const SET = {
  filename: '001_add.sql',
  others: {
    '000_init.sql': [
      'CREATE TABLE users (id bigint PRIMARY KEY);',
      "CREATE DOMAIN app.email AS text CONSTRAINT email_at CHECK (VALUE LIKE '%@%');",
      'CREATE DOMAIN plain_text AS text;',
      'CREATE DOMAIN required AS int NOT NULL;',
    ].join('\n'),
  },
};

ruleTester('adding-constrained-domain-column', {
  valid: [
    { ...SET, name: 'a domain without constraints', sql: 'ALTER TABLE users ADD COLUMN note plain_text;' },
    { ...SET, name: 'the base type', sql: 'ALTER TABLE users ADD COLUMN contact text;' },
    { ...SET, name: 'a table created earlier in the migration', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN contact app.email;' },
    { ...SET, name: 'its CHECK dropped first', sql: 'ALTER DOMAIN app.email DROP CONSTRAINT email_at;\nALTER TABLE users ADD COLUMN contact app.email;' },
    { ...SET, name: 'the domain dropped and re-created without constraints', sql: 'DROP DOMAIN app.email CASCADE;\nCREATE DOMAIN app.email AS text;\nALTER TABLE users ADD COLUMN contact app.email;' },
    { name: 'a type the model does not know', sql: 'ALTER TABLE users ADD COLUMN contact citext;' },
  ],
  invalid: [
    {
      ...SET,
      sql: 'ALTER TABLE users ADD COLUMN contact app.email;',
      errors: [
        {
          line: 1,
          column: 30,
          endLine: 1,
          endColumn: 47,
          message:
            "ADD COLUMN contact of domain app.email rewrites users to check the domain's constraints (CHECK email_at) on every row, under an ACCESS EXCLUSIVE lock that blocks reads and writes on users until the rewrite ends.",
        },
      ],
    },
    { ...SET, name: 'NOT NULL domain, with a default', sql: 'ALTER TABLE users ADD COLUMN n required DEFAULT 0;', errors: [{ line: 1, column: 30, message: '(NOT NULL)' }] },
    {
      name: 'a domain created and constrained in the same migration, unnamed CHECK',
      sql: "CREATE DOMAIN positive AS int;\nALTER DOMAIN positive ADD CHECK (VALUE > 0);\nALTER TABLE orders ADD COLUMN qty positive;",
      errors: [{ line: 3, column: 31, endLine: 3, endColumn: 43, message: '(CHECK positive_check)' }],
    },
  ],
});
