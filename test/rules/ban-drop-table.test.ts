import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-drop-table', {
  valid: [
    'CREATE TABLE import_scratch (id bigint);\nDROP TABLE import_scratch;',
    { name: 'created by CREATE TABLE AS, qualified', sql: 'CREATE TABLE app.tmp AS SELECT 1 AS x;\nDROP TABLE IF EXISTS app.tmp;' },
    { name: 'dropping a view or an index', sql: 'DROP VIEW v;\nDROP INDEX CONCURRENTLY i;' },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-drop-table -- retired in v3, backed up\nDROP TABLE audit_log;' },
  ],
  invalid: [
    {
      sql: 'DROP TABLE audit_log;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: 'Dropping table audit_log breaks every query and running application instance that still uses it' }],
    },
    {
      name: 'several tables: one finding each, the new one skipped',
      sql: 'CREATE TABLE scratch (a int);\nDROP TABLE IF EXISTS scratch, app.audit_log, events CASCADE;',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 60, message: 'Dropping table app.audit_log' },
        { line: 2, column: 1, endLine: 2, endColumn: 60, message: 'Dropping table events' },
      ],
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
