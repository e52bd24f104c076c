import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('adding-foreign-key-constraint', {
  valid: [
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
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    },
    {
      name: 'a table created by an earlier migration is an existing table',
      filename: '002_fk.sql',
      others: { '001_tables.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint, customer_id bigint);' },
      sql: 'ALTER TABLE orders\n  ADD FOREIGN KEY (customer_id) REFERENCES customers ON DELETE CASCADE;',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 71 }],
      output: 'ALTER TABLE orders\n  ADD FOREIGN KEY (customer_id) REFERENCES customers ON DELETE CASCADE NOT VALID;',
    },
    {
      name: 'referencing a table created in the same migration still checks the existing rows',
      sql: 'CREATE TABLE regions (id bigint PRIMARY KEY);\nALTER TABLE stores ADD CONSTRAINT fk_region FOREIGN KEY (region_id) REFERENCES regions, ADD COLUMN note text;',
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 109, message: 'against regions' }],
      output: 'CREATE TABLE regions (id bigint PRIMARY KEY);\nALTER TABLE stores ADD CONSTRAINT fk_region FOREIGN KEY (region_id) REFERENCES regions NOT VALID, ADD COLUMN note text;',
    },
    {
      name: 'ADD COLUMN … REFERENCES with a default checks every row (no fix: NOT VALID is not allowed there)',
      sql: "ALTER TABLE orders ADD COLUMN status_id int NOT NULL DEFAULT 1 REFERENCES statuses;",
      errors: [{ line: 1, column: 64, endLine: 1, endColumn: 83, message: 'ADD COLUMN status_id … REFERENCES statuses with a DEFAULT' }],
    },
    {
      name: 'a comment inside: no mechanical fix',
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
