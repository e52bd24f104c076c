import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-table', {
  valid: [
    'CREATE TABLE import_scratch (id bigint);\nDROP TABLE import_scratch;',
    { name: 'created by CREATE TABLE AS, qualified', sql: 'CREATE TABLE app.tmp AS SELECT 1 AS x;\nDROP TABLE IF EXISTS app.tmp;' },
    { name: 'dropping a view or an index', sql: 'DROP VIEW v;\nDROP INDEX CONCURRENTLY i;' },
    { name: 'a down that drops what its own up created', sql: '-- migrate:up\nCREATE TABLE invoices (id bigint);\nCREATE TABLE app.lines AS SELECT 1 AS x;\n-- migrate:down\nDROP TABLE app.lines, invoices;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-drop-table -- retired in v3, backed up\nDROP TABLE audit_log;' },
  ],
  invalid: [
    {
      sql: 'DROP TABLE audit_log;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: 'Dropping table audit_log breaks every query and running application instance that still uses it' }],
    },
    {
      name: 'several tables: one finding naming them, the new one skipped',
      sql: 'CREATE TABLE scratch (a int);\nDROP TABLE IF EXISTS scratch, app.audit_log, events CASCADE;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 60, message: 'Dropping tables app.audit_log and events breaks every query and running application instance that still uses them' }],
    },
    {
      name: 'a down that drops a table its up did not create',
      sql: '-- migrate:up\nCREATE TABLE invoices (id bigint);\n-- migrate:down\nDROP TABLE invoices, orders;',
      errors: [{ line: 4, column: 1, message: 'Dropping table orders breaks' }],
    },
    {
      name: 'an up that drops a table of an earlier migration',
      filename: '002_b.sql',
      others: { '001_a.sql': '-- migrate:up\nCREATE TABLE invoices (id bigint);\n-- migrate:down\nDROP TABLE invoices;' },
      sql: '-- migrate:up\nDROP TABLE invoices;\n-- migrate:down\nCREATE TABLE invoices (id bigint);',
      errors: [{ line: 2, column: 1, message: 'Dropping table invoices breaks' }],
    },
    {
      name: 'dropped before it is created',
      sql: 'DROP TABLE scratch;\nCREATE TABLE scratch (a int);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 19 }],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$ BEGIN DROP TABLE old_stuff; END $$;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 33 }],
    },
  ],
});
