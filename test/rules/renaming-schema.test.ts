import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('renaming-schema', {
  valid: [
    'CREATE SCHEMA invoicing;',
    'ALTER TABLE billing.invoices SET SCHEMA invoicing;',
    { name: 'renaming a table in a schema', sql: 'ALTER TABLE billing.invoice RENAME TO invoices;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore renaming-schema -- nothing uses it yet\nALTER SCHEMA staging RENAME TO scratch;' },
  ],
  invalid: [
    {
      sql: 'ALTER SCHEMA billing RENAME TO invoicing;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 41, message: 'Renaming schema billing to invoicing renames every object in it at once' }],
    },
    {
      name: 'after other statements, CRLF',
      sql: 'CREATE SCHEMA x;\r\nALTER SCHEMA "Old" RENAME TO new;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 33, message: 'Renaming schema Old to new' }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN ALTER SCHEMA a RENAME TO b; END $$;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 39 }],
    },
  ],
});
