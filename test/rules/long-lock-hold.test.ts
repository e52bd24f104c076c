import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('long-lock-hold', {
  valid: [
    {
      name: "alembic's own version-table writes after the ALTER (offline SQL)",
      filename: 'upgrade.sql',
      sql: "BEGIN;\n\nCREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);\n\n-- Running upgrade  -> 1a2b3c4d5e6f, add note\n\nALTER TABLE orders ADD COLUMN note text;\n\nINSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d5e6f') RETURNING alembic_version.version_num;\n\n-- Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f7a, more\n\nALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x';\n\nUPDATE alembic_version SET version_num='2b3c4d5e6f7a' WHERE alembic_version.version_num = '1a2b3c4d5e6f';\n\nCOMMIT;\n",
    },
    'ALTER TABLE orders ADD COLUMN note text;',
    {
      name: 'a procedure called last: its statements are the CALL, not statements after it',
      sql: 'CREATE PROCEDURE widen() LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE users ALTER COLUMN age TYPE bigint; END $$;\nCALL widen();',
      others: { '001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, age int);' },
    },
    { name: 'ACCESS EXCLUSIVE taken last', sql: 'CREATE INDEX invoices_note_idx ON invoices (note);\nALTER TABLE orders ADD COLUMN note text;' },
    { name: 'a quick change of the table already locked', sql: "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x';" },
    { name: 'a statement that locks nothing', sql: "ALTER TABLE orders ADD COLUMN note text;\nCREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';" },
    { name: 'a table created in the migration', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nCREATE INDEX t_x_idx ON t (x);' },
    { name: 'no transaction: each statement commits on its own', sql: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);' },
    { name: 'the lock ends with its transaction', sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nCREATE INDEX invoices_note_idx ON invoices (note);' },
  ],
  invalid: [
    {
      name: 'a procedure whose body takes ACCESS EXCLUSIVE, called before another statement: counted once, released after it',
      sql: "CREATE PROCEDURE widen() LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE users ALTER COLUMN age TYPE bigint; END $$;\nCALL widen();\nUPDATE users SET age = 0 WHERE id = 1;",
      others: { '001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, age int);' },
      errors: [{ line: 2, column: 1, message: 'The ALTER COLUMN TYPE takes ACCESS EXCLUSIVE on users, and the transaction holds it until the end of the transaction after line 3: 1 more statement that takes time runs meanwhile' }],
    },
    {
      sql: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX invoices_note_idx ON invoices (note);',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 40,
          message:
            'The ADD COLUMN takes ACCESS EXCLUSIVE on orders, and the transaction holds it until the end of the transaction after line 2: 1 more statement that takes time runs meanwhile, while every read and write of orders waits.',
        },
      ],
    },
    {
      name: 'a backfill of the locked table',
      sql: "ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = 'x' WHERE id < 100;",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 40, message: '1 more statement that takes time runs meanwhile' }],
    },
    {
      name: 'once per transaction, naming every table it locks (an index by its table), counting the statements and the COMMIT that releases them',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE k (x int);\nCREATE INDEX k_idx ON k (x);' },
      sql: 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nCREATE INDEX b_x_idx ON b (x);\nDROP INDEX k_idx;\nCREATE INDEX c_x_idx ON c (x);\nCOMMIT;\nCREATE INDEX d_x_idx ON d (x);',
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 31,
          message: 'The ADD COLUMN takes ACCESS EXCLUSIVE on a and k, and the transaction holds it until its COMMIT on line 6: 3 more statements that take time run meanwhile, while reads and writes of all of them wait.',
        },
      ],
    },
    {
      name: 'an index the schema model does not know',
      sql: 'ALTER TABLE a ADD COLUMN x int;\nDROP INDEX k_idx;',
      errors: [{ line: 1, column: 1, message: 'on a and the table of k_idx' }],
    },
    {
      name: 'two transactions: one finding each',
      sql: 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nUPDATE a SET x = 1;\nCOMMIT;\nBEGIN;\nALTER TABLE b ADD COLUMN y int;\nUPDATE b SET y = 1;\nCOMMIT;',
      errors: [
        { line: 2, column: 1, message: 'until its COMMIT on line 4' },
        { line: 6, column: 1, message: 'until its COMMIT on line 8' },
      ],
    },
    {
      name: 'a scan of the table already locked',
      sql: 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE a ADD CONSTRAINT a_x_check CHECK (x > 0);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'inside a DO block, which is one transaction even when the migration has none',
      sql: 'CREATE INDEX CONCURRENTLY b_y_idx ON b (y);\nDO $$\nBEGIN\n  ALTER TABLE a ADD COLUMN x int;\n  UPDATE a SET x = 1;\nEND\n$$;',
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 33, message: 'The ADD COLUMN takes ACCESS EXCLUSIVE on a' }],
    },
    {
      name: 'goose wraps the file',
      filename: '20240101120000_lock.sql',
      sql: '-- +goose Up\nALTER TABLE a RENAME COLUMN x TO y;\nINSERT INTO b SELECT * FROM c;\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 35, message: 'The RENAME COLUMN takes ACCESS EXCLUSIVE on a, and the transaction holds it until the end of the transaction after line 3' }],
    },
    {
      name: 'CRLF line endings',
      sql: 'ALTER TABLE a ADD COLUMN x int;\r\nCREATE INDEX b_x_idx ON b (x);\r\n',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31 }],
    },
  ],
});
