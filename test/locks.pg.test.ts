// The static lock table against the Debian PostgreSQL server: each statement in a transaction
// (pg_locks + relfilenodes compared with lockOf, then ROLLBACK); statements that cannot run in a
// transaction on a second connection, observed from a third while a blocker holds them up.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../src/parse.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from './helpers/postgres.js';
import { CASES, RESET, SETUP, TABLESPACE, type LockCase } from './locks.cases.js';
import { assertCaseInTransaction, catalog, expectedLocks, expectedRewrites, factsFor, observedLocks, observedRewrites, relationLocks, serverMajor, withoutGone, type Query } from './locks.observe.js';

let started: StartResult | undefined;
let database = '';
let main: pg.Client | undefined;
let spaceDir: string | undefined;
let major = 0;

const queryOf = (client: pg.Client): Query => async (sql, params) => (await client.query(sql, params)).rows;

beforeAll(async () => {
  await loadParser();
  started = await startPostgres();
  if (!('server' in started)) return;
  const { server } = started;
  database = new URL(await server.createDatabase('locks')).pathname.slice(1);
  main = await server.admin(database);
  major = await serverMajor(queryOf(main));
  spaceDir = mkdtempSync(join(tmpdir(), 'mllocks-space-'));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(spaceDir, id('-u'), id('-g'));
  }
  await main.query(`CREATE TABLESPACE ${TABLESPACE} LOCATION '${spaceDir}'`);
  await main.query(RESET + SETUP);
});

afterAll(async () => {
  await main?.end();
  if (started && 'server' in started) await started.server.stop();
  if (spaceDir) rmSync(spaceDir, { recursive: true, force: true });
});

async function inTransaction(client: pg.Client, c: LockCase): Promise<void> {
  await assertCaseInTransaction(c, (sql) => client.query(sql), queryOf(client), major);
}

async function waitUntilWaiting(query: Query, pid: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [row] = await query('SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND NOT granted', [pid]);
    if (Number(row?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backend ${pid} never waited`);
}

async function whileBlocked(server: PgServer, client: pg.Client, c: LockCase & Required<Pick<LockCase, 'concurrent'>>): Promise<void> {
  const query = queryOf(client);
  const facts = factsFor(c.sql, major);
  const blocker = await server.admin(database);
  const runner = await server.admin(database);
  try {
    const before = await catalog(query);
    await blocker.query(`BEGIN; LOCK TABLE ${c.concurrent.blocker} IN ${c.concurrent.mode} MODE`);
    const [{ pid }] = (await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const running = runner.query(c.sql).then(
      () => undefined,
      (error: Error) => error.message,
    );
    await waitUntilWaiting(query, pid);
    const locks = await relationLocks(query, pid);
    await blocker.query('COMMIT');
    expect(await running).toBeUndefined();
    const after = await catalog(query);
    const expected = expectedLocks(c, facts, before);
    expect(observedLocks(locks, before, expected)).toEqual(expected);
    const rewrites = expectedRewrites(c, facts, before);
    const observed = observedRewrites(before, after, Object.keys(rewrites));
    expect(observed).toEqual(withoutGone(rewrites, observed));
  } finally {
    await blocker.end();
    await runner.end();
    await client.query(RESET + SETUP);
  }
}

describe('lock table on the Debian PostgreSQL server', () => {
  it('is PostgreSQL 15 or later', (ctx) => {
    requireServer(started, ctx);
    expect(major).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES) {
    it(c.sql, async (ctx) => {
      const server = requireServer(started, ctx);
      if (!main) throw new Error('no connection to the test database');
      if (c.concurrent) await whileBlocked(server, main, { ...c, concurrent: c.concurrent });
      else await inTransaction(main, c);
    });
  }
});
