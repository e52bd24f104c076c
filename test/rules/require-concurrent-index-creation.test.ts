import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-concurrent-index-creation', {
  valid: [
    'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
    'CREATE TABLE orders (id bigint, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);',
    'CREATE TABLE app.orders (id bigint);\nCREATE INDEX orders_id_idx ON app.orders (id);',
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore require-concurrent-index-creation -- table has 10 rows\nCREATE INDEX orders_customer_idx ON orders (customer_id);' },
  ],
  invalid: [
    {
      name: 'a partitioned table: no fix (CONCURRENTLY is refused on it)',
      sql: 'CREATE INDEX events_at_idx ON events (at);',
      others: { '000_schema.sql': 'CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at);' },
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'a table the model does not know: no fix (it may be partitioned)',
      sql: 'CREATE INDEX i ON unknown_table (a);',
      errors: [{ line: 1, column: 1 }],
    },
    {
      sql: 'CREATE INDEX orders_customer_idx ON orders (customer_id);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 57, message: 'blocks writes to orders' }],
      others: { '000_schema.sql': 'CREATE TABLE orders (a int, customer_id bigint, email text);' },
      output: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
    },
    {
      name: 'unique index after multibyte text on earlier lines and the same line',
      sql: "-- é 日本 😀\nSELECT 'é日本😀'; CREATE UNIQUE INDEX u ON orders (email);",
      errors: [{ line: 2, column: 17, endLine: 2, endColumn: 56 }],
      others: { '000_schema.sql': 'CREATE TABLE orders (a int, customer_id bigint, email text);' },
      output: "-- é 日本 😀\nSELECT 'é日本😀'; CREATE UNIQUE INDEX CONCURRENTLY u ON orders (email);",
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\n\r\nCREATE INDEX i ON orders (a);\r\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 29 }],
      others: { '000_schema.sql': 'CREATE TABLE orders (a int, customer_id bigint, email text);' },
      output: 'SELECT 1;\r\n\r\nCREATE INDEX CONCURRENTLY i ON orders (a);\r\n',
    },
    {
      name: 'table created in a later statement: unknown when the index is built, no fix',
      sql: 'CREATE INDEX i ON orders (a);\nCREATE TABLE orders (a int);',
      errors: [{ line: 1, column: 1 }],
    },
    {
      name: 'in an explicit transaction: no fix, help says move it',
      sql: 'BEGIN;\nCREATE INDEX i ON orders (a);\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 29 }],
    },
  ],
});
