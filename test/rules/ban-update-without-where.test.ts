import { ruleTester } from '../helpers/rule-tester.js';

const DO_BLOCK = [
  'DO $$',
  'BEGIN',
  '  UPDATE users SET status = 1 WHERE status IS NULL;',
  "  UPDATE accounts SET balance = 0, note = '日本';",
  'END',
  '$$;',
].join('\n');

ruleTester('ban-update-without-where', {
  valid: [
    "UPDATE users SET status = 'active' WHERE id BETWEEN 1 AND 1000;",
    'UPDATE orders o SET total = s.total FROM order_sums s WHERE s.order_id = o.id;',
    'WITH u AS (UPDATE orders SET total = 0 WHERE id = 1 RETURNING id) SELECT * FROM u;',
    'UPDATE orders SET total = 0 WHERE CURRENT OF orders_cursor;',
    'DO $$\nBEGIN\n  UPDATE users SET status = 1 WHERE id = 1;\nEND\n$$;',
    'DELETE FROM orders;',
    { name: 'suppressed on the same line', sql: 'UPDATE flags SET enabled = false; -- migrationlint-ignore ban-update-without-where -- 3 rows' },
  ],
  invalid: [
    {
      sql: "UPDATE users SET status = 'active';",
      errors: [{ line: 1, column: 8, endLine: 1, endColumn: 35, message: 'UPDATE users without WHERE rewrites every row of users' }],
    },
    {
      name: 'second of several statements, schema-qualified',
      sql: 'UPDATE a SET x = 1 WHERE id = 1;\nSELECT 2;\n  UPDATE app.b SET x = 1;',
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 25, message: 'UPDATE app.b without WHERE' }],
    },
    {
      name: 'inside a CTE',
      sql: 'WITH u AS (\n  UPDATE orders SET total = 0 RETURNING id\n)\nSELECT count(*) FROM u;',
      errors: [{ line: 2, column: 10, endLine: 4, endColumn: 23 }],
    },
    {
      name: 'inside a DO block after multibyte text: points into the body',
      sql: DO_BLOCK,
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 47, message: 'UPDATE accounts' }],
    },
    {
      name: 'after multibyte text on earlier lines and the same line',
      sql: "-- é 日本 😀\nSELECT 'é日本😀'; UPDATE orders SET total = 0;",
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 44 }],
    },
    {
      name: 'CRLF line endings',
      sql: 'SELECT 1;\r\nUPDATE orders SET total = 0;\r\n',
      errors: [{ line: 2, column: 8, endLine: 2, endColumn: 28 }],
    },
    {
      name: 'a statement-level suppression on another statement does not hide it',
      sql: 'UPDATE flags SET enabled = false; -- migrationlint-ignore ban-update-without-where -- 3 rows\nUPDATE orders SET total = 0;',
      errors: [{ line: 2, column: 8 }],
    },
  ],
});
