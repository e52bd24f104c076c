import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('constraint-missing-not-valid', {
  valid: [
    { name: 'NOT ENFORCED (18) checks no row: nothing to add NOT VALID to', pgVersion: 18, sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT ENFORCED;' },
    'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;',
    'CREATE TABLE orders (id bigint, total int);\nALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);',
    'ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code), ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;',
    {
      name: 'VALIDATE after the COMMIT of the transaction that added it NOT VALID',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
    },
    {
      name: 'statement by statement (CONCURRENTLY keeps the migration out of a transaction): each commits on its own',
      sql: 'CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
    },
    {
      name: 'VALIDATE in a later migration (schema model)',
      filename: '002_validate.sql',
      others: { '001_add.sql': 'CREATE TABLE orders (id bigint, total int);\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;' },
      sql: 'ALTER TABLE orders VALIDATE CONSTRAINT c;',
    },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 75, message: 'ADD CONSTRAINT orders_total_positive … CHECK scans every row of orders under an ACCESS EXCLUSIVE lock' }],
    },
    {
      name: 'unnamed, on a table created by an earlier migration',
      filename: '002_check.sql',
      others: { '001_orders.sql': 'CREATE TABLE app.orders (id bigint, total int);' },
      sql: 'ALTER TABLE app.orders\n  ADD CHECK (total >= 0);',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 25, message: 'every row of app.orders' }],
    },
    {
      name: 'followed by an ADD COLUMN: NOT VALID goes before the comma',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (f(total, 0) >= 0), ADD COLUMN note text;',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 83 }],
    },
    {
      name: 'followed by a command whose start is unknown: reported',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0), DROP COLUMN legacy;',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 75 }],
    },
    {
      name: 'a comment after the constraint: reported',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) -- keep totals sane\n;',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 75 }],
    },
    {
      name: 'VALIDATE in the transaction that added it NOT VALID',
      sql: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 41, message: 'VALIDATE CONSTRAINT c runs in the transaction that added it NOT VALID' }],
    },
    {
      name: 'a foreign key validated inside the explicit transaction that added it',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 42 }],
    },
    {
      name: 'an unnamed NOT VALID check validated by its generated name (schema model)',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE orders (id bigint, total int);' },
      sql: 'ALTER TABLE orders ADD CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 58, message: 'VALIDATE CONSTRAINT orders_total_check' }],
    },
    {
      name: 'two checks in one statement, both reported',
      sql: 'ALTER TABLE orders\n  ADD CONSTRAINT a CHECK (x > 0),\n  ADD CONSTRAINT b CHECK (y > 0);',
      errors: [
        { line: 2, column: 7, endLine: 3, endColumn: 33, message: 'ADD CONSTRAINT a' },
        { line: 3, column: 7, endLine: 3, endColumn: 33, message: 'ADD CONSTRAINT b' },
      ],
    },
  ],
});
