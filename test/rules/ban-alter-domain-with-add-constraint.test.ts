import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-alter-domain-with-add-constraint', {
  valid: [
    "ALTER TABLE subscribers ADD CONSTRAINT subscribers_email_format CHECK (email ~ '@') NOT VALID;",
    'ALTER DOMAIN email DROP CONSTRAINT email_format;',
    { name: 'other ALTER DOMAIN forms', sql: "ALTER DOMAIN email SET DEFAULT 'x';\nALTER DOMAIN email SET NOT NULL;\nALTER DOMAIN email RENAME TO mail;" },
    { name: 'suppressed', sql: "-- migrationlint-ignore ban-alter-domain-with-add-constraint -- only used by an empty table\nALTER DOMAIN email ADD CHECK (VALUE <> '');" },
  ],
  invalid: [
    {
      sql: "ALTER DOMAIN email ADD CONSTRAINT email_format CHECK (VALUE ~ '^[^@]+@[^@]+$');",
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 79, message: 'ALTER DOMAIN email ADD CONSTRAINT checks every column of type email in every table, blocking writes' }],
    },
    {
      name: 'NOT VALID: another message',
      sql: "SELECT 1;\nALTER DOMAIN app.email ADD CONSTRAINT c CHECK (VALUE <> '') NOT VALID;",
      errors: [{ line: 2, column: 28, endLine: 2, endColumn: 70, message: 'ALTER DOMAIN app.email ADD CONSTRAINT … NOT VALID applies at once to writes of every table using app.email' }],
    },
    {
      name: 'unnamed, inside a DO block',
      sql: "DO $$ BEGIN ALTER DOMAIN d ADD CHECK (VALUE > 0); END $$;",
      errors: [{ line: 1, column: 32, endLine: 1, endColumn: 49 }],
    },
  ],
});
