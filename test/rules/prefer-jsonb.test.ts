import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('prefer-jsonb', {
  valid: [
    'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL);',
    'ALTER TABLE events ADD COLUMN meta jsonb[];',
    { name: 'json in an expression, not a column type', sql: "SELECT '{}'::json;\nUPDATE events SET payload = '{}'::json::jsonb WHERE id = 1;" },
    { name: 'a user type named json in another schema', sql: 'CREATE TABLE t (a app.json);' },
    { name: 'suppressed', sql: '-- migrationlint-ignore prefer-jsonb -- keeps the raw webhook body\nALTER TABLE hooks ADD COLUMN body json;' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);',
      errors: [{ line: 1, column: 53, endLine: 1, endColumn: 57, message: 'Column payload of events is json: stored as text' }],
    },
    {
      name: 'ADD COLUMN, ALTER COLUMN TYPE, arrays, upper case, pg_catalog',
      sql: 'ALTER TABLE t ADD COLUMN a JSON, ADD COLUMN b json[];\nALTER TABLE t ALTER COLUMN c TYPE pg_catalog.json USING c::json;',
      errors: [
        { line: 1, column: 28, endLine: 1, endColumn: 32, message: 'Column a of t is json' },
        { line: 1, column: 47, endLine: 1, endColumn: 51, message: 'Column b of t is json' },
        { line: 2, column: 35, endLine: 2, endColumn: 50, message: 'Column c of t is json' },
      ],
    },
    {
      name: 'inside a DO block, after multibyte text',
      sql: "SELECT 'é';\nDO $$ BEGIN ALTER TABLE \"日本\" ADD COLUMN p json; END $$;",
      errors: [{ line: 2, column: 43, endLine: 2, endColumn: 47, message: 'Column p of 日本 is json' }],
    },
  ],
});
