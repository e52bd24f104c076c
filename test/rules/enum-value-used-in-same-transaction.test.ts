import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('enum-value-used-in-same-transaction', {
  valid: [
    "ALTER TYPE mood ADD VALUE 'meh';",
    { name: 'the type was created in the same transaction', sql: "CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'b';\nINSERT INTO t (m) VALUES ('b');" },
    { name: 'committed before the use', sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;\nUPDATE t SET m = 'meh';" },
    { name: 'cast to another type', sql: "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::text;" },
    {
      name: 'no transaction: each statement commits on its own',
      sql: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE t SET m = 'meh';",
    },
    { name: 'a renamed value is not a new one', sql: "ALTER TYPE mood RENAME VALUE 'a' TO 'b';\nUPDATE t SET m = 'b';" },
  ],
  invalid: [
    {
      sql: "ALTER TYPE order_status ADD VALUE 'archived';\nUPDATE orders SET status = 'archived' WHERE closed_at < now() - interval '1 year';",
      errors: [
        {
          line: 2,
          column: 28,
          endLine: 2,
          endColumn: 82,
          message: `'archived' was added to order_status on line 1 in this same transaction: using it before that transaction commits fails with "unsafe use of new value" (55P04).`,
        },
      ],
    },
    {
      name: 'cast to the enum',
      sql: "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;",
      errors: [{ line: 2, column: 8, endLine: 2, endColumn: 19 }],
    },
    {
      name: 'a column default',
      sql: "ALTER TYPE mood ADD VALUE 'meh';\nALTER TABLE t ALTER COLUMN m SET DEFAULT 'meh';",
      errors: [{ line: 2, column: 42, endLine: 2, endColumn: 47 }],
    },
    {
      name: 'every use is reported',
      sql: "ALTER TYPE mood ADD VALUE 'x';\nINSERT INTO t (a, b) VALUES ('x', 'x');",
      errors: [
        { line: 2, column: 30, endLine: 2, endColumn: 39 },
        { line: 2, column: 35, endLine: 2, endColumn: 39 },
      ],
    },
    {
      name: 'explicit transaction, schema-qualified type',
      sql: "BEGIN;\nALTER TYPE app.mood ADD VALUE 'meh' AFTER 'sad';\nUPDATE t SET m = 'meh' WHERE id = 1;\nCOMMIT;",
      errors: [{ line: 3, column: 18, endLine: 3, endColumn: 36, message: "'meh' was added to mood on line 2" }],
    },
    {
      name: 'inside a DO block',
      sql: "DO $$\nBEGIN\n  ALTER TYPE mood ADD VALUE 'meh';\n  UPDATE t SET m = 'meh';\nEND\n$$;",
      errors: [{ line: 4, column: 20, endLine: 4, endColumn: 25, message: 'on line 3' }],
    },
    {
      name: 'goose wraps the file',
      filename: '20240101120000_enum.sql',
      sql: "-- +goose Up\nALTER TYPE mood ADD VALUE 'meh';\nCREATE TABLE t (m mood NOT NULL DEFAULT 'meh');\n",
      errors: [{ line: 3, column: 41, endLine: 3, endColumn: 47 }],
    },
  ],
});
