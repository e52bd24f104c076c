import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('adding-foreign-key-constraint', {
  valid: [
    { name: 'a new empty table', sql: 'CREATE TABLE items2 (id bigint, order_id bigint);\nALTER TABLE items2 ADD FOREIGN KEY (order_id) REFERENCES orders;' },
    { name: 'a new filled table referencing a new table', sql: 'CREATE TABLE o2 (id bigint PRIMARY KEY);\nCREATE TABLE i2 AS SELECT 1::bigint AS order_id;\nALTER TABLE i2 ADD FOREIGN KEY (order_id) REFERENCES o2;' },
    { name: 'a new filled table, NOT VALID', sql: 'CREATE TABLE i2 AS SELECT order_id FROM items;\nALTER TABLE i2 ADD FOREIGN KEY (order_id) REFERENCES orders NOT VALID;' },
    { name: 'CREATE TABLE AS … WITH NO DATA', sql: 'CREATE TABLE i2 AS SELECT order_id FROM items WITH NO DATA;\nALTER TABLE i2 ADD FOREIGN KEY (order_id) REFERENCES orders;' },
    { name: 'NOT ENFORCED (18) checks no row: nothing to add NOT VALID to', pgVersion: 18, sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT ENFORCED;' },
    'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
    'CREATE TABLE orders (id bigint, customer_id bigint REFERENCES customers);',
    'CREATE TABLE orders (id bigint, customer_id bigint);\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;',
    {
      name: 'ADD COLUMN … REFERENCES without a default: existing rows are NULL, nothing to check',
      sql: 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers, ADD COLUMN coupon_id bigint DEFAULT NULL REFERENCES coupons;',
    },
  ],
  invalid: [
    {
      name: 'a table created in the migration and filled by CREATE TABLE AS, to an existing table',
      sql: 'CREATE TABLE order_archive AS SELECT * FROM orders;\nALTER TABLE order_archive ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id);',
      errors: [
        {
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 105,
          message:
            'ADD CONSTRAINT fk_customer … FOREIGN KEY checks every row this migration put into order_archive against customers, while holding a SHARE ROW EXCLUSIVE lock on customers until commit: writes to customers wait for the whole check.',
        },
      ],
    },
    {
      name: 'filled by INSERT … SELECT',
      sql: 'CREATE TABLE items2 (id bigint, order_id bigint);\nINSERT INTO items2 SELECT id, order_id FROM items;\nALTER TABLE items2 ADD FOREIGN KEY (order_id) REFERENCES orders;',
      errors: [{ line: 3, column: 24, message: 'checks every row this migration put into items2 against orders' }],
    },
    {
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);',
      errors: [
        {
          line: 1,
          column: 24,
          endLine: 1,
          endColumn: 110,
          message: 'ADD CONSTRAINT orders_customer_id_fkey … FOREIGN KEY checks every row of orders against customers under SHARE ROW EXCLUSIVE locks on both',
        },
      ],
    },
    {
      name: 'a table created by an earlier migration is an existing table',
      filename: '002_fk.sql',
      others: { '001_tables.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint, customer_id bigint);' },
      sql: 'ALTER TABLE orders\n  ADD FOREIGN KEY (customer_id) REFERENCES customers ON DELETE CASCADE;',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 71 }],
    },
    {
      name: 'referencing a table created in the same migration still checks the existing rows',
      sql: 'CREATE TABLE regions (id bigint PRIMARY KEY);\nALTER TABLE stores ADD CONSTRAINT fk_region FOREIGN KEY (region_id) REFERENCES regions, ADD COLUMN note text;',
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 109, message: 'against regions' }],
    },
    {
      name: 'ADD COLUMN … REFERENCES with a default checks every row (no fix: NOT VALID is not allowed there)',
      sql: "ALTER TABLE orders ADD COLUMN status_id int NOT NULL DEFAULT 1 REFERENCES statuses;",
      errors: [{ line: 1, column: 64, endLine: 1, endColumn: 83, message: 'ADD COLUMN status_id … REFERENCES statuses with a DEFAULT' }],
    },
    {
      name: 'a comment inside: reported',
      sql: 'ALTER TABLE app.orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) /* the buyer */ REFERENCES app.customers;',
      errors: [{ line: 1, column: 28, endLine: 1, endColumn: 108, message: 'row of app.orders against app.customers' }],
    },
    {
      name: 'inside a DO block: reported, not fixed',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers;\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND\n$$;',
      errors: [{ line: 3, column: 26, endLine: 3, endColumn: 86 }],
    },
  ],
});
