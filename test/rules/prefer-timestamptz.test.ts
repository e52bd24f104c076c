import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('prefer-timestamptz', {
  valid: [
    'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;',
    'CREATE TABLE events (at timestamp with time zone NOT NULL, at3 timestamptz(3), d date, t time);',
    { name: 'casts are not column types', sql: "SELECT now()::timestamp;\nUPDATE orders SET note = 'x' WHERE created_at > '2024-01-01'::timestamp;" },
    { name: 'suppressed', sql: '-- migrationlint-ignore prefer-timestamptz -- local wall-clock schedule\nALTER TABLE shifts ADD COLUMN starts_at timestamp;' },
  ],
  invalid: [
    {
      name: 'feeds a generated column: no fix (the expression would not be immutable)',
      sql: 'CREATE TABLE t (at timestamp, day date GENERATED ALWAYS AS (at::date) STORED);',
      errors: [{ line: 1, column: 20 }],
    },
    {
      name: 'feeds a later expression index: no fix',
      sql: 'CREATE TABLE t (at timestamp);\nCREATE INDEX t_day_idx ON t ((at::date));',
      errors: [{ line: 1, column: 20 }],
    },
    {
      sql: 'ALTER TABLE orders ADD COLUMN shipped_at timestamp;',
      errors: [{ line: 1, column: 42, endLine: 1, endColumn: 51, message: 'Column shipped_at of orders is timestamp without time zone' }],
      output: 'ALTER TABLE orders ADD COLUMN shipped_at timestamptz;',
    },
    {
      name: 'precision and WITHOUT TIME ZONE, several columns',
      sql: 'CREATE TABLE t (\n  a timestamp(3) without time zone,\n  b TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),\n  c timestamptz\n);',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 35 },
        { line: 3, column: 5, endLine: 3, endColumn: 32 },
      ],
      output: 'CREATE TABLE t (\n  a timestamptz(3),\n  b timestamptz NOT NULL DEFAULT now(),\n  c timestamptz\n);',
    },
    {
      name: 'ALTER COLUMN TYPE and pg_catalog.timestamp, second statement: the intended type, no fix',
      sql: 'CREATE TABLE x (id bigint);\nALTER TABLE orders ALTER COLUMN placed_at TYPE pg_catalog.timestamp;',
      errors: [{ line: 2, column: 48, endLine: 2, endColumn: 68 }],
    },
    {
      name: 'array of timestamps',
      sql: 'ALTER TABLE runs ADD COLUMN retries timestamp[];',
      errors: [{ line: 1, column: 37, endLine: 1, endColumn: 46 }],
      output: 'ALTER TABLE runs ADD COLUMN retries timestamptz[];',
    },
    {
      name: 'inside a DO block: no fix',
      sql: 'DO $$ BEGIN ALTER TABLE t ADD COLUMN at timestamp; END $$;',
      errors: [{ line: 1, column: 41, endLine: 1, endColumn: 50 }],
    },
  ],
});
