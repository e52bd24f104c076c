import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('adding-field-with-default', {
  valid: [
    "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new', ADD COLUMN created_at timestamptz DEFAULT now(), ADD COLUMN at timestamptz DEFAULT CURRENT_TIMESTAMP;",
    "ALTER TABLE orders ADD COLUMN meta jsonb DEFAULT '{}'::jsonb, ADD COLUMN n int DEFAULT -1, ADD COLUMN note text DEFAULT NULL;",
    'ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    'CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    { name: 'PostgreSQL 10: a NULL default writes nothing', pgVersion: 10, sql: 'ALTER TABLE orders ADD COLUMN note text DEFAULT NULL::text;' },
    {
      name: 'a function the set declared STABLE (schema model)',
      filename: '002_b.sql',
      others: { '001_a.sql': "CREATE FUNCTION app.default_region() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'eu' $$;" },
      sql: 'ALTER TABLE orders ADD COLUMN region text DEFAULT app.default_region();',
    },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [{ line: 1, column: 42, endLine: 1, endColumn: 67, message: 'ADD COLUMN token … DEFAULT gen_random_uuid() rewrites orders: gen_random_uuid() is volatile' }],
    },
    {
      name: 'a volatile call inside an expression, on a table created by an earlier migration',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE app.orders (id bigint);' },
      sql: "ALTER TABLE app.orders\n  ADD COLUMN ref text DEFAULT 'ord-' || (random() * 1000)::int::text;",
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 69, message: 'rewrites app.orders: random() is volatile' }],
    },
    {
      name: 'a function the set declared without volatility is VOLATILE',
      filename: '002_b.sql',
      others: { '001_a.sql': "CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;" },
      sql: 'ALTER TABLE orders ADD COLUMN code text DEFAULT next_code();',
      errors: [{ line: 1, column: 41, endLine: 1, endColumn: 60, message: 'next_code() is volatile' }],
    },
    {
      name: 'an unknown function counts as volatile',
      sql: 'ALTER TABLE orders ADD COLUMN id2 text DEFAULT nanoid();',
      errors: [{ line: 1, column: 40, endLine: 1, endColumn: 56, message: 'nanoid() is not known to be IMMUTABLE or STABLE' }],
    },
    {
      name: 'PostgreSQL 10 rewrites for any default',
      pgVersion: 10,
      sql: "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';",
      errors: [{ line: 1, column: 43, endLine: 1, endColumn: 56, message: "DEFAULT 'new' rewrites orders: PostgreSQL 10 writes any default into every row" }],
    },
    {
      name: 'two columns, one volatile, inside a DO block',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE orders ADD COLUMN a int DEFAULT 1, ADD COLUMN b timestamptz DEFAULT clock_timestamp();\nEND\n$$;',
      errors: [{ line: 3, column: 75, endLine: 3, endColumn: 100, message: 'clock_timestamp() is volatile' }],
    },
  ],
});
