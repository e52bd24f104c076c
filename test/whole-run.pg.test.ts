// A whole run (Drizzle Kit: every pending migration in one transaction) on PostgreSQL 15: an enum
// value one migration adds cannot be used by a later one of the same run (55P04), and can once a
// commit comes between them. The lint of the fixture reports exactly that use, through the CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { requireServer, startPostgres, type StartResult } from './helpers/postgres.js';
import { lintFindings } from './helpers/runner-set.js';

const fixture = path.join(repoRoot, 'fixtures', 'tx-models', 'drizzle-enum-run');
const migration = (tag: string) => readFileSync(path.join(fixture, 'drizzle', `${tag}.sql`), 'utf8');
const [CREATE_TYPE, ADD_VALUE, USE_VALUE] = ['0000_orders', '0001_add_archived', '0002_archive_old_orders'].map(migration);

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

const sqlstate = (client: pg.Client, sql: string) =>
  client.query(sql).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'no code',
  );

describe('whole run: enum value added in one migration, used in a later one', () => {
  it('PostgreSQL 15 refuses the use in the same transaction (55P04) and accepts it after a commit', async (ctx) => {
    const server = requireServer(started, ctx);
    const oneRun = await server.admin(new URL(await server.createDatabase('run')).pathname.slice(1));
    const twoRuns = await server.admin(new URL(await server.createDatabase('runs')).pathname.slice(1));
    try {
      for (const client of [oneRun, twoRuns]) await client.query(CREATE_TYPE); // an earlier run
      await oneRun.query('BEGIN');
      expect(await sqlstate(oneRun, ADD_VALUE)).toBe('ok');
      expect(await sqlstate(oneRun, USE_VALUE)).toBe('55P04');
      await oneRun.query('ROLLBACK');
      await twoRuns.query(ADD_VALUE);
      expect(await sqlstate(twoRuns, USE_VALUE)).toBe('ok');
    } finally {
      await oneRun.end();
      await twoRuns.end();
    }
  });

  it('lint reports the use, naming the migration that added the value and the run', () => {
    const { code, findings } = lintFindings(fixture);
    expect(code).toBe(1);
    expect(findings.filter((f) => f.rule === 'enum-value-used-in-same-transaction')).toEqual([
      {
        rule: 'enum-value-used-in-same-transaction',
        file: 'drizzle/0002_archive_old_orders.sql',
        line: 1,
        message:
          "'archived' was added to order_status in 0001_add_archived.sql on line 1, and Drizzle Kit runs all pending migrations in one transaction: using it before that run commits fails with \"unsafe use of new value\" (55P04) whenever both migrations are pending in one run.",
        help: expect.stringContaining('apply 0001_add_archived.sql in a run of its own'),
      },
    ]);
  });
});
