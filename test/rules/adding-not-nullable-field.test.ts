import { ruleTester } from '../helpers/rule-tester.js';

const FOUR_STEPS = [
  'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_nn CHECK (customer_id IS NOT NULL) NOT VALID;',
  'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_nn;',
  'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
  'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_nn;',
].join('\n');

ruleTester('adding-not-nullable-field', {
  valid: [
    FOUR_STEPS,
    'ALTER TABLE orders ADD CONSTRAINT c CHECK (customer_id IS NOT NULL);\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
    'ALTER TABLE orders ADD CHECK (customer_id IS NOT NULL);\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
    'ALTER TABLE app.orders ADD CONSTRAINT c CHECK (a IS NOT NULL AND orders.b IS NOT NULL) NOT VALID;\nALTER TABLE app.orders VALIDATE CONSTRAINT c;\nALTER TABLE app.orders ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL;',
    'ALTER TABLE orders ADD CONSTRAINT c CHECK ("Total" IS NOT NULL);\nALTER TABLE orders ALTER COLUMN "Total" SET NOT NULL;',
    'CREATE TABLE orders (id bigint, customer_id bigint);\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
    'ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;',
    {
      name: 'CHECK added NOT VALID by an earlier migration (schema model), validated here',
      filename: '002_require_name.sql',
      others: { '001_customers.sql': 'CREATE TABLE customers (id bigint, name text);\nALTER TABLE customers ADD CONSTRAINT customers_name_present CHECK (name IS NOT NULL) NOT VALID;' },
      sql: 'ALTER TABLE customers VALIDATE CONSTRAINT customers_name_present;\nALTER TABLE customers ALTER COLUMN name SET NOT NULL;\nALTER TABLE customers DROP CONSTRAINT customers_name_present;',
    },
    {
      name: 'CHECK validated by an earlier migration (schema model)',
      filename: '003_require_name.sql',
      others: {
        '001_customers.sql': 'CREATE TABLE customers (id bigint, name text);\nALTER TABLE customers ADD CHECK (name IS NOT NULL) NOT VALID;',
        '002_validate.sql': 'ALTER TABLE customers VALIDATE CONSTRAINT customers_name_check;',
      },
      sql: 'ALTER TABLE customers ALTER COLUMN name SET NOT NULL;',
    },
    {
      name: 'column already NOT NULL (schema model): SET NOT NULL is a no-op',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);' },
      sql: 'ALTER TABLE customers ALTER COLUMN name SET NOT NULL, ALTER COLUMN id SET NOT NULL;',
    },
    {
      name: 'PostgreSQL 18 NOT NULL … NOT VALID, validated',
      pgVersion: 18,
      sql: 'ALTER TABLE orders ADD CONSTRAINT nn NOT NULL customer_id NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT nn;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
    },
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore adding-not-nullable-field -- 200 rows\nALTER TABLE flags ALTER COLUMN name SET NOT NULL;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 57, message: 'ALTER COLUMN customer_id SET NOT NULL takes an ACCESS EXCLUSIVE lock on orders and scans every row, blocking reads and writes on orders' }],
    },
    {
      name: 'on 18 the advice is ADD CONSTRAINT … NOT NULL … NOT VALID + VALIDATE',
      pgVersion: 18,
      sql: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 57, help: 'ADD CONSTRAINT orders_customer_id_not_null NOT NULL customer_id NOT VALID (no scan), then VALIDATE CONSTRAINT' }],
    },
    {
      name: 'on 12–17 the advice is a CHECK (col IS NOT NULL)',
      pgVersion: 17,
      sql: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 57, help: 'First ADD CONSTRAINT … CHECK (customer_id IS NOT NULL) NOT VALID' }],
    },
    {
      name: 'PostgreSQL 11 scans even after a validated CHECK',
      pgVersion: 11,
      sql: FOUR_STEPS,
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 57 }],
    },
    {
      name: 'NOT VALID check never validated',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (customer_id IS NOT NULL) NOT VALID;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 57 }],
    },
    {
      name: 'validated only after SET NOT NULL',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (customer_id IS NOT NULL) NOT VALID;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 57 }],
    },
    {
      name: 'check on another column, another table, or OR-ed',
      sql: [
        'ALTER TABLE orders ADD CONSTRAINT c1 CHECK (total IS NOT NULL);',
        'ALTER TABLE invoices ADD CONSTRAINT c2 CHECK (customer_id IS NOT NULL);',
        'ALTER TABLE orders ADD CONSTRAINT c3 CHECK (customer_id IS NOT NULL OR total > 0);',
        'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      ].join('\n'),
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 57 }],
    },
    {
      name: 'check added in the same statement (one scan under ACCESS EXCLUSIVE anyway)',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (a IS NOT NULL), ALTER COLUMN a SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 87 }],
    },
    {
      name: 'check dropped before SET NOT NULL',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (a IS NOT NULL);\nALTER TABLE orders DROP CONSTRAINT c;\nALTER TABLE orders ALTER COLUMN a SET NOT NULL;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 47 }],
    },
    {
      name: 'NOT NULL … NOT VALID does not count before PostgreSQL 18',
      pgVersion: 17,
      sql: 'ALTER TABLE orders ADD CONSTRAINT nn NOT NULL a NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT nn;\nALTER TABLE orders ALTER COLUMN a SET NOT NULL;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 47 }],
    },
    {
      name: 'validating constraints the schema model does not know proves nothing, whatever their names',
      sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null;\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_id_nn;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 57 }],
    },
    {
      name: 'CHECK added NOT VALID by an earlier migration and never validated (schema model)',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE customers (id bigint, name text);\nALTER TABLE customers ADD CONSTRAINT customers_name_present CHECK (name IS NOT NULL) NOT VALID;' },
      sql: 'ALTER TABLE customers ALTER COLUMN name SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 53, message: 'on customers' }],
    },
    {
      name: 'a table created by an earlier migration is an existing table',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE customers (id bigint, name text);' },
      sql: 'ALTER TABLE customers ALTER COLUMN name SET NOT NULL;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 53 }],
    },
    {
      name: 'two columns in one statement: two findings',
      sql: 'ALTER TABLE orders ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 76, message: 'ALTER COLUMN a ' },
        { line: 1, column: 1, endLine: 1, endColumn: 76, message: 'ALTER COLUMN b ' },
      ],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE orders ALTER COLUMN a SET NOT NULL;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 49 }],
    },
    {
      name: 'after multibyte text',
      sql: "SELECT 'é日本😀'; ALTER TABLE \"日本\" ALTER \"é\" SET NOT NULL;",
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 56, message: 'ALTER COLUMN é SET NOT NULL takes an ACCESS EXCLUSIVE lock on 日本' }],
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\nALTER TABLE orders\r\n  ALTER COLUMN a SET NOT NULL;\r\n',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 30 }],
    },
  ],
});
