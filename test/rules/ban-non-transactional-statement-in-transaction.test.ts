import { NON_TRANSACTIONAL_CASES, TRANSACTIONAL_LOOKALIKES } from '../non-transactional.cases.js';
import { ruleTester } from '../helpers/rule-tester.js';

const U = 'x';
const sqlOf = (c: (typeof NON_TRANSACTIONAL_CASES)[number]) => c.sql(U).replaceAll('{database}', 'app');
/** A PostgreSQL major on which the case is refused. */
const refusedOn = (c: (typeof NON_TRANSACTIONAL_CASES)[number]) => c.pgVersions?.max ?? c.pgVersions?.min ?? 16;
const block = (sql: string) => `BEGIN;\n${sql};\nCOMMIT;`;

ruleTester('ban-non-transactional-statement-in-transaction', {
  valid: [
    ...NON_TRANSACTIONAL_CASES.map((c) => ({ name: `outside a transaction: ${sqlOf(c)}`, sql: `${sqlOf(c)};`, pgVersion: refusedOn(c) })),
    ...TRANSACTIONAL_LOOKALIKES.map((sql) => ({ name: `in a transaction: ${sql}`, sql: block(sql) })),
    { name: 'CONCURRENTLY index statements are ban-concurrent-index-creation-in-transaction’s', sql: block('CREATE INDEX CONCURRENTLY i ON t (a)') },
    { name: 'ALTER SUBSCRIPTION … SET (failover) before PostgreSQL 17', sql: block('ALTER SUBSCRIPTION sub SET (failover = true)'), pgVersion: 16 },
    { name: 'ALTER TYPE … ADD VALUE from PostgreSQL 12', sql: block("ALTER TYPE mood ADD VALUE 'ok'"), pgVersion: 12 },
  ],
  invalid: [
    ...NON_TRANSACTIONAL_CASES.filter((c) => !/CONCURRENTLY$/.test(c.words) || c.words.startsWith('ALTER TABLE')).map((c) => ({
      name: `in BEGIN … COMMIT: ${sqlOf(c)}`,
      sql: block(sqlOf(c)),
      pgVersion: refusedOn(c),
      errors: [{ line: 2, column: 1, message: `${c.words} cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (it follows a BEGIN).` }],
    })),
    {
      name: 'goose wraps the file',
      filename: '20240101120000_vacuum.sql',
      sql: '-- +goose Up\nVACUUM t;\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 9, message: 'VACUUM cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (goose runs each migration in a transaction).' }],
    },
    {
      name: 'in a DO block',
      sql: "DO $$ BEGIN EXECUTE 'x'; DISCARD ALL; END $$;",
      errors: [{ line: 1, column: 26, message: 'DISCARD ALL cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (statements of a DO block always run in its transaction).' }],
    },
  ],
});
