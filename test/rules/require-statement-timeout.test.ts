import { ruleTester } from '../helpers/rule-tester.js';

const GO = { runner: 'golang-migrate' as const };

ruleTester('require-statement-timeout', {
  valid: [
    { name: 'transaction_timeout (17) bounds the statement too', pgVersion: 17, sql: "SET transaction_timeout = '30s';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;" },
    "SET statement_timeout = '30s';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;",
    { name: 'the apply engine sets apply.statementTimeout', apply: { statementTimeout: '1min' }, sql: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;' },
    { name: 'set_config for the session', sql: "SELECT set_config('statement_timeout', '30s', false);\nCREATE INDEX orders_a_idx ON orders (a);" },
    { name: 'a table created in the migration', sql: 'CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);' },
    { name: 'no blocking lock', sql: 'CREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 50, message: 'ALTER COLUMN TYPE holds ACCESS EXCLUSIVE on orders with no statement_timeout: reads and writes of orders wait for as long as it runs.' }],
    },
    {
      ...GO,
      name: 'apply.statementTimeout only covers migrations the apply engine runs',
      apply: { statementTimeout: '1min' },
      sql: 'CREATE INDEX orders_a_idx ON orders (a);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 40, message: 'CREATE INDEX holds SHARE on orders with no statement_timeout: writes of orders wait' }],
    },
    {
      name: "'0ms' is no timeout",
      sql: "SET statement_timeout = '0ms';\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0);",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 71, message: 'ADD CHECK holds ACCESS EXCLUSIVE on orders' }],
    },
    {
      name: 'a lock_timeout is not a statement_timeout',
      sql: "SET lock_timeout = '5s';\nVACUUM FULL orders;",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 19, message: 'VACUUM FULL holds ACCESS EXCLUSIVE on orders' }],
    },
    {
      name: 'once, on the first statement, naming every table it blocks',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\nREINDEX TABLE orders;',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 105,
          message:
            'ADD FOREIGN KEY holds SHARE ROW EXCLUSIVE on orders with no statement_timeout: writes of orders and customers wait for as long as it runs. 1 later statement holds blocking locks without one too.',
        },
      ],
    },
    {
      name: 'the indexes REINDEX locks',
      sql: 'REINDEX TABLE orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: 'REINDEX holds ACCESS EXCLUSIVE on the indexes of orders with no statement_timeout: reads and writes of orders wait' }],
    },
    {
      name: 'CRLF line endings',
      sql: '-- slow\r\nCLUSTER orders USING orders_pkey;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 33 }],
    },
  ],
});
