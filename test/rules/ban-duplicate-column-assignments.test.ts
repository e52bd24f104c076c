import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-duplicate-column-assignments', {
  valid: [
    'CREATE TABLE t (a bigint, b text);',
    "INSERT INTO t (a, b) VALUES (1, 'x');",
    "UPDATE users SET status = 'active', verified_at = now() WHERE id = 1;",
    { name: 'different fields of one composite column, different array elements', sql: 'UPDATE t SET addr.street = 1, addr.city = 2, tags[1] = 3, tags[2] = 4 WHERE id = 1;' },
    { name: 'same name in different statements', sql: 'INSERT INTO t (a) VALUES (1);\nINSERT INTO t (a) VALUES (2);' },
    { name: 'suppressed', sql: '-- migrationlint-ignore ban-duplicate-column-assignments -- demo\nUPDATE t SET a = 1, a = 2 WHERE id = 1;' },
  ],
  invalid: [
    {
      sql: "UPDATE users SET status = 'active', status = 'verified' WHERE id = 1;",
      errors: [{ line: 1, column: 37, endLine: 1, endColumn: 69, message: 'Column status appears more than once in UPDATE … SET: PostgreSQL rejects the statement' }],
    },
    {
      name: 'CREATE TABLE',
      sql: 'CREATE TABLE t (\n  a bigint,\n  b text,\n  a text\n);',
      errors: [{ line: 4, column: 3, endLine: 5, endColumn: 2, message: 'Column a appears more than once in CREATE TABLE' }],
    },
    {
      name: 'INSERT column list, three times: two findings',
      sql: 'SELECT 1;\nINSERT INTO t (a, b, a, a) VALUES (1, 2, 3, 4);',
      errors: [
        { line: 2, column: 22, message: 'in the INSERT column list' },
        { line: 2, column: 25, message: 'in the INSERT column list' },
      ],
    },
    {
      name: 'multi-column assignment',
      sql: 'UPDATE t SET a = 1, (b, a) = (2, 3) WHERE id = 1;',
      errors: [{ line: 1, column: 25, endLine: 1, endColumn: 49 }],
    },
    {
      name: 'ON CONFLICT DO UPDATE SET',
      sql: 'INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 1, b = 2;',
      errors: [{ line: 1, column: 67, endLine: 1, endColumn: 72, message: 'in ON CONFLICT DO UPDATE SET' }],
    },
    {
      name: 'UPDATE inside a CTE and inside a DO block',
      sql: 'WITH u AS (UPDATE t SET a = 1, a = 2 WHERE id = 1 RETURNING id) SELECT * FROM u;\nDO $$ BEGIN UPDATE t SET c = 1, c = 2 WHERE id = 2; END $$;',
      errors: [
        { line: 1, column: 32, endLine: 1, endColumn: 80 },
        { line: 2, column: 33, endLine: 2, endColumn: 51 },
      ],
    },
  ],
});
