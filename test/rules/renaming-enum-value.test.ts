import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('renaming-enum-value', {
  valid: [
    "ALTER TYPE order_status ADD VALUE 'cancelled' AFTER 'canceled';",
    'ALTER TYPE order_status RENAME TO order_state;',
    "ALTER TYPE address RENAME ATTRIBUTE street TO line1;",
    { name: 'suppressed', sql: "-- migrationlint-ignore renaming-enum-value -- label unused so far\nALTER TYPE mood RENAME VALUE 'meh' TO 'ok';" },
  ],
  invalid: [
    {
      sql: "ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 63, message: "Renaming value 'canceled' of enum order_status to 'cancelled' breaks every query and running application instance that still uses 'canceled'" }],
    },
    {
      name: 'schema-qualified type, second statement',
      sql: "SELECT 1;\nALTER TYPE app.mood RENAME VALUE 'sad' TO 'blue';",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 49, message: 'of enum app.mood' }],
    },
    {
      name: 'inside a DO block',
      sql: "DO $$ BEGIN ALTER TYPE mood RENAME VALUE 'a' TO 'b'; END $$;",
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 52 }],
    },
  ],
});
