import { ruleTester } from '../helpers/rule-tester.js';

const GO = { runner: 'golang-migrate' as const };
const NO_APPLY_TIMEOUT = { apply: { lockTimeout: '0' } };

ruleTester('require-lock-timeout', {
  valid: [
    { name: "migrationlint's apply engine sets apply.lockTimeout (5s by default)", sql: 'ALTER TABLE orders ADD COLUMN note text;' },
    { ...GO, sql: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;" },
    { ...GO, name: 'set_config, local to the runner transaction', sql: "SELECT set_config('lock_timeout', '3s', true);\nCREATE INDEX orders_a_idx ON orders (a);" },
    { ...GO, name: 'a table created in the migration', sql: 'CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_note_idx ON t (note);' },
    { ...GO, name: 'SHARE UPDATE EXCLUSIVE blocks neither reads nor writes', sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;' },
  ],
  invalid: [
    {
      ...GO,
      name: 'later statements: tables created before them (a DO block too) are new, and the search_path a later SET gives decides',
      sql: "ALTER TABLE a ADD COLUMN x int;\nCREATE TABLE t (id bigint);\nDO $$ BEGIN ALTER TABLE t ADD COLUMN y int; END $$;\nSET search_path = app;\nALTER TABLE t ADD COLUMN z int;\nALTER TABLE b ADD COLUMN w int;",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, message: 'on a with no lock_timeout: while it waits behind a running query, reads and writes of a queue behind it. 2 later statements take blocking locks without one too.' }],
    },
    {
      ...GO,
      name: 'later statements: CREATE TABLE IF NOT EXISTS of a table an earlier migration created creates nothing',
      filename: '2_b.up.sql',
      others: { '1_a.up.sql': 'CREATE TABLE t (id int);' },
      sql: 'ALTER TABLE a ADD COLUMN x int;\nCREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ADD COLUMN y int;\nCREATE TABLE IF NOT EXISTS u (id int);\nALTER TABLE u ADD COLUMN y int;',
      errors: [{ line: 1, column: 1, message: 'on a with no lock_timeout: while it waits behind a running query, reads and writes of a queue behind it. 1 later statement takes blocking locks without one too.' }],
    },
    {
      ...GO,
      name: 'later statements: an unqualified index is created in the schema of the search_path holding its table',
      filename: '2_b.up.sql',
      others: { '1_a.up.sql': 'CREATE TABLE t (id int);' },
      sql: 'ALTER TABLE a ADD COLUMN x int;\nSET search_path = app, public;\nCREATE INDEX t_id_idx ON t (id);\nDROP INDEX public.t_id_idx;',
      errors: [{ line: 1, column: 1, message: 'on a with no lock_timeout: while it waits behind a running query, reads and writes of a queue behind it. 1 later statement takes blocking locks without one too.' }],
    },
    {
      ...GO,
      name: 'transaction_timeout (17) does not stop a lock wait early: lock_timeout is still needed',
      pgVersion: 17,
      sql: "SET transaction_timeout = '30s';\nALTER TABLE orders ADD COLUMN note text;",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 40, message: 'with no lock_timeout' }],
    },
    {
      ...GO,
      sql: 'ALTER TABLE orders ADD COLUMN note text;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 40, message: 'ADD COLUMN waits for ACCESS EXCLUSIVE on orders with no lock_timeout: while it waits behind a running query, reads and writes of orders queue behind it.' }],
    },
    {
      ...NO_APPLY_TIMEOUT,
      name: 'migrationlint runner with apply.lockTimeout "0"',
      sql: 'CREATE INDEX orders_a_idx ON orders (a);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 40, message: 'CREATE INDEX waits for SHARE on orders with no lock_timeout: while it waits behind a running query, writes of orders queue behind it.' }],
    },
    {
      ...NO_APPLY_TIMEOUT,
      name: 'SET LOCAL outside a transaction changes nothing (CONCURRENTLY makes the migration non-transactional)',
      sql: "SET LOCAL lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\nDROP INDEX orders_old_idx;",
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 26, message: 'DROP INDEX waits for ACCESS EXCLUSIVE on index orders_old_idx' }],
    },
    {
      ...GO,
      name: 'reported once: one SET before the first statement covers the rest',
      sql: 'ALTER TABLE a ADD COLUMN x int;\nCREATE TABLE t (id int);\nALTER TABLE b ADD COLUMN y int;\nDROP INDEX c_idx;',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 31,
          message: 'ADD COLUMN waits for ACCESS EXCLUSIVE on a with no lock_timeout: while it waits behind a running query, reads and writes of a queue behind it. 2 later statements take blocking locks without one too.',
        },
      ],
    },
    {
      ...GO,
      name: 'RESET turns it off again',
      sql: "SET lock_timeout = '5s';\nALTER TABLE a ADD COLUMN x int;\nRESET lock_timeout;\nALTER TABLE b ADD COLUMN y int;",
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 31, message: 'on b with no lock_timeout' }],
    },
    {
      ...NO_APPLY_TIMEOUT,
      name: 'SET LOCAL ends with its transaction',
      sql: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nALTER TABLE b ADD COLUMN y int;",
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 31 }],
    },
    {
      ...NO_APPLY_TIMEOUT,
      name: 'ROLLBACK undoes a SET made in its transaction',
      sql: "BEGIN;\nSET lock_timeout = '5s';\nROLLBACK;\nALTER TABLE a ADD COLUMN x int;",
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 31 }],
    },
    {
      ...GO,
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE a ADD COLUMN x int;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 33 }],
    },
    {
      ...GO,
      name: 'a new table referencing an existing one',
      sql: 'CREATE TABLE child (id bigint, parent_id bigint REFERENCES parent (id));',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 72, message: 'FOREIGN KEY (referenced table) waits for SHARE ROW EXCLUSIVE on parent' }],
    },
    {
      ...GO,
      name: 'after multibyte text',
      sql: '-- é 日本 😀\nALTER TABLE "日本" ADD COLUMN x int;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 34, message: 'on 日本' }],
    },
  ],
});
