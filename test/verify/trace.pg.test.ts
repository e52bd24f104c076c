// trace on the Debian PostgreSQL server, through --shadow-url (a database created and dropped
// for the run): every statement kind of the lock table, including those that cannot run in a
// transaction, watched from a second session while they wait for it.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openThrowaway, type Throwaway } from '../../src/verify/throwaway.js';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { CASES, TABLESPACE } from '../locks.cases.js';
import { checkCase, traceCase } from './trace-cases.js';

let started: StartResult | undefined;
let t: Throwaway | undefined;
let spaceDir: string | undefined;

// Plain VACUUM takes SHARE UPDATE EXCLUSIVE and waits for no other session's lock or snapshot,
// so the watching session never sees it wait: its locks are not observable.
const NEVER_WAITS = new Set(['VACUUM orders']);
// DETACH … CONCURRENTLY waits for the watching session between its transactions, holding no
// relation lock then: what is seen is one moment, not every lock it takes.
const MOMENT = new Set(['ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY']);

beforeAll(async () => {
  started = await startPostgres();
  if (!('server' in started)) return;
  const { server } = started;
  const admin = await server.admin();
  try {
    spaceDir = mkdtempSync(join(tmpdir(), 'mlverify-space-'));
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(spaceDir, id('-u'), id('-g'));
    }
    await admin.query(`ALTER ROLE ${server.user} CREATEDB`);
    await admin.query(`CREATE TABLESPACE ${TABLESPACE} LOCATION '${spaceDir}'`);
    await admin.query(`GRANT CREATE ON TABLESPACE ${TABLESPACE} TO ${server.user}`);
  } finally {
    await admin.end();
  }
  t = await openThrowaway({ shadowUrl: server.url('postgres') });
});

afterAll(async () => {
  await t?.close();
  if (started && 'server' in started) await started.server.stop();
  if (spaceDir) rmSync(spaceDir, { recursive: true, force: true });
});

describe('trace on the Debian PostgreSQL server', () => {
  it('runs in a shadow database, dropped afterwards', async (ctx) => {
    const server = requireServer(started, ctx);
    expect(t!.kind).toBe('pg');
    expect(t!.major).toBeGreaterThanOrEqual(15);
    const name = /shadow database (\S+)/.exec(t!.description)?.[1];
    const admin = await server.admin();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(1);
    } finally {
      await admin.end();
    }
  });

  for (const c of CASES) {
    it(c.sql, async (ctx) => {
      requireServer(started, ctx);
      await checkCase(t!, c, NEVER_WAITS.has(c.sql) ? 'none' : MOMENT.has(c.sql) ? 'moment' : 'all');
    });
  }

  it('watches a statement that cannot run in a transaction from a second session', async (ctx) => {
    requireServer(started, ctx);
    const s = await traceCase(t!, { sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)' });
    expect(s.observation).toBe('concurrent');
    expect(s.locks).toEqual([{ relation: 'public.orders', mode: 'SHARE UPDATE EXCLUSIVE', granted: true }]);
    expect(s.indexesBuilt).toEqual(['public.orders_customer_idx']);
  });
});
