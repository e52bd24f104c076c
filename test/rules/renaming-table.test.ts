import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('renaming-table', {
  valid: [
    'CREATE TABLE customers (id bigint PRIMARY KEY);',
    { name: 'table created earlier in the same migration', sql: 'CREATE TABLE customers_new (id bigint);\nALTER TABLE customers_new RENAME TO customers_next;' },
    { name: 'renaming a column, an index or a view is not renaming a table', sql: 'ALTER TABLE t RENAME COLUMN a TO b;\nALTER INDEX i RENAME TO j;\nALTER VIEW v RENAME TO w;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore renaming-table -- view customer created below\nALTER TABLE customer RENAME TO customers;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE customer RENAME TO customers;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 41, message: 'Renaming table customer to customers breaks every query and running application instance that still uses customer' }],
    },
    {
      name: 'IF EXISTS and schema, in a transaction',
      sql: 'BEGIN;\nALTER TABLE IF EXISTS billing.invoice RENAME TO invoices;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 57, message: 'Renaming table billing.invoice to invoices' }],
    },
    {
      name: 'two renames: both flagged',
      sql: 'ALTER TABLE a RENAME TO a_old;\nALTER TABLE b RENAME TO a;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 30 },
        { line: 2, column: 1, endLine: 2, endColumn: 26 },
      ],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN ALTER TABLE a RENAME TO b; END $$;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 38 }],
    },
  ],
});
