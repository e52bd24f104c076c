import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('mixed-transactional-statements', {
  valid: [
    {
      name: "alembic's version-table write is not another statement",
      filename: 'upgrade.sql',
      sql: "-- Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f7a, index\n\nCREATE INDEX CONCURRENTLY ix_t_a ON t (a);\n\nUPDATE alembic_version SET version_num='2b3c4d5e6f7a' WHERE alembic_version.version_num = '1a2b3c4d5e6f';\n",
    },
    'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
    { name: 'several CONCURRENTLY statements and SET', sql: "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY a_x_idx ON a (x);\nDROP INDEX CONCURRENTLY a_old_idx;" },
    'ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = \'x\' WHERE id = 1;',
    {
      name: 'in a transaction it fails outright instead (ban-concurrent-index-creation-in-transaction)',
      filename: '20240101120000_index.sql',
      sql: '-- +goose Up\nALTER TABLE a ADD COLUMN x int;\nCREATE INDEX CONCURRENTLY a_x_idx ON a (x);\n',
    },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 59,
          message: 'CREATE INDEX CONCURRENTLY cannot run in a transaction, so this migration runs without one: its other statement commits on its own, and a failure half-way leaves the migration half-applied.',
        },
      ],
    },
    {
      name: 'reported once, on the first such statement',
      sql: 'CREATE INDEX CONCURRENTLY a_x_idx ON a (x);\nALTER TABLE a ADD COLUMN y int;\nUPDATE a SET y = 1 WHERE x = 2;\nDROP INDEX CONCURRENTLY a_old_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 43, message: 'its 2 other statements commit one by one' }],
    },
    {
      name: 'VACUUM',
      sql: 'UPDATE a SET x = 1 WHERE id = 1;\nVACUUM a;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 9, message: 'VACUUM cannot run in a transaction' }],
    },
    {
      name: 'an explicit transaction before it',
      sql: 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY a_x_idx ON a (x);',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 43 }],
    },
    {
      name: 'goose NO TRANSACTION',
      filename: '20240101120000_drop.sql',
      sql: '-- +goose NO TRANSACTION\n-- +goose Up\nDROP INDEX CONCURRENTLY a_x_idx;\nDROP TABLE b;\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 32, message: 'DROP INDEX CONCURRENTLY cannot run in a transaction' }],
    },
    {
      name: 'DETACH PARTITION CONCURRENTLY',
      sql: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\nDROP TABLE events_2023;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 61, message: 'ALTER TABLE ... DETACH CONCURRENTLY cannot run in a transaction' }],
    },
    {
      name: 'ALTER SYSTEM',
      sql: "ALTER SYSTEM SET work_mem = '64MB';\nCREATE TABLE t (id int);",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 35, message: 'ALTER SYSTEM cannot run' }],
    },
  ],
});
