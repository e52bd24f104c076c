import { ruleTester } from '../helpers/rule-tester.js';

const DO_BLOCK = [
  'SELECT 1;',
  'DO $$',
  'BEGIN',
  "  DELETE FROM é_logs WHERE level = 'debug';",
  '  DELETE FROM audit_log;',
  'END',
  '$$;',
].join('\n');

ruleTester('ban-delete-without-where', {
  valid: [
    'DELETE FROM orders WHERE id = 1;',
    'DELETE FROM orders o USING customers c WHERE o.customer_id = c.id AND c.deleted;',
    'WITH d AS (DELETE FROM orders WHERE id < 10 RETURNING *) SELECT count(*) FROM d;',
    'DELETE FROM orders WHERE CURRENT OF orders_cursor;',
    'DO $$\nDECLARE\n  c CURSOR FOR SELECT * FROM orders;\nBEGIN\n  OPEN c;\n  MOVE c;\n  DELETE FROM orders WHERE CURRENT OF c;\nEND\n$$;',
    'TRUNCATE orders;',
    'UPDATE orders SET total = 0;',
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore ban-delete-without-where -- cache table, emptied on purpose\nDELETE FROM cache;' },
  ],
  invalid: [
    {
      sql: 'DELETE FROM orders;',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 19, message: 'DELETE FROM orders without WHERE deletes every row of orders' }],
    },
    {
      name: 'second statement, schema-qualified table',
      sql: 'DELETE FROM orders WHERE id = 1;\nDELETE FROM app.sessions;',
      errors: [{ line: 2, column: 13, endLine: 2, endColumn: 25, message: 'DELETE FROM app.sessions without WHERE' }],
    },
    {
      name: 'inside a CTE: points at the table in the CTE',
      sql: 'WITH d AS (DELETE FROM orders RETURNING id)\nSELECT count(*) FROM d;',
      errors: [{ line: 1, column: 24, endLine: 2, endColumn: 23 }],
    },
    {
      name: 'both the CTE and the main DELETE',
      sql: 'WITH gone AS (DELETE FROM a RETURNING id) DELETE FROM b;',
      errors: [
        { line: 1, column: 27, message: 'DELETE FROM a ' },
        { line: 1, column: 55, message: 'DELETE FROM b ' },
      ],
    },
    {
      name: 'inside a DO block: points into the body',
      sql: DO_BLOCK,
      errors: [{ line: 5, column: 15, endLine: 5, endColumn: 24, message: 'DELETE FROM audit_log' }],
    },
    {
      name: 'after multibyte text on earlier lines and the same line',
      sql: "-- é 日本 😀\nSELECT 'é日本😀'; DELETE FROM orders;",
      errors: [{ line: 2, column: 29, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\n\r\nDELETE FROM orders;\r\n',
      errors: [{ line: 3, column: 13, endLine: 3, endColumn: 19 }],
    },
    {
      name: 'a suppression naming another rule does not hide it',
      sql: '-- migrationlint-ignore ban-update-without-where -- wrong rule\nDELETE FROM orders;',
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'a suppression covers only the next statement',
      sql: '-- migrationlint-ignore ban-delete-without-where -- cache\nDELETE FROM cache;\nDELETE FROM orders;',
      errors: [{ line: 3, column: 13 }],
    },
  ],
});
