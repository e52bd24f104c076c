import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-enum-value-ordering', {
  valid: [
    "ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';",
    "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'happy';",
    { name: 'renaming a value', sql: "ALTER TYPE mood RENAME VALUE 'a' TO 'b';" },
    "CREATE TYPE mood AS ENUM ('a', 'b');",
  ],
  invalid: [
    {
      sql: "ALTER TYPE mood ADD VALUE 'meh';",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, message: "ADD VALUE 'meh' without BEFORE or AFTER appends it after every value of mood: it sorts last in ORDER BY and comparisons." }],
    },
    {
      sql: "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'meh';",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 50, message: 'every value of app.mood' }],
    },
    {
      name: 'only the value without a place',
      sql: "CREATE TYPE x AS ENUM ('a');\nALTER TYPE x ADD VALUE 'b';\nALTER TYPE x ADD VALUE 'c' AFTER 'b';",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 27 }],
    },
    {
      name: 'inside a DO block',
      sql: "DO $$\nBEGIN\n  ALTER TYPE mood ADD VALUE 'meh';\nEND\n$$;",
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 34 }],
    },
    {
      name: 'CRLF line endings',
      sql: "-- values\r\nALTER TYPE mood ADD VALUE 'meh';\r\n",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 32 }],
    },
    {
      name: 'after multibyte text',
      sql: "-- é 日本 😀\nALTER TYPE \"気分\" ADD VALUE 'é';",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 30, message: "ADD VALUE 'é'" }],
    },
  ],
});
