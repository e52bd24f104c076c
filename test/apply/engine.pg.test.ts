// The engine against a real PostgreSQL server: the shared scenarios, plus what only a server
// shows: lock_timeout retries, the advisory lock, CONCURRENTLY while the lock is held.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, status, type EngineOptions } from '../../src/apply/engine.js';
import { advisoryLockKey } from '../../src/apply/lock.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { engineScenarios } from './scenarios.js';
import { catalog, copyFixture, historyRows, type Project, recorder } from './util.js';

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
  if ('skipped' in started) console.warn(`PostgreSQL tests: ${started.skipped}`);
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function freshDb(server: PgServer) {
  const url = await server.createDatabase('engine');
  const c = await client(url);
  return {
    url,
    c,
    target: { databaseUrl: url },
    q: async (sql: string, params?: unknown[]) => (await c.query<Record<string, unknown>>(sql, params)).rows,
    user: server.user,
    close: async () => {
      await c.end();
    },
  };
}

describe('apply engine on PostgreSQL', () => {
  engineScenarios(async (ctx) => freshDb(requireServer(started, ctx)));
});

async function setup(ctx: { skip: (note?: string) => never }, fixture = 'basic') {
  const server = requireServer(started, ctx);
  const db = await freshDb(server);
  const project = await copyFixture(fixture);
  const opts: EngineOptions = { cwd: project.dir, config: project.config, env: {}, databaseUrl: db.url, retryBackoffMs: 10 };
  return { server, db, project, opts, done: async () => (project.cleanup(), await db.close()) };
}

function withApply(p: Project, patch: Partial<Project['config']['apply']>): Project['config'] {
  return { ...p.config, apply: { ...p.config.apply, ...patch } };
}

describe('PostgreSQL only', () => {
  it('lock_timeout: a statement-by-statement and a transactional migration are retried until the lock is free', async (ctx) => {
    const { db, project, opts, done } = await setup(ctx);
    try {
      expect((await apply({ ...opts, to: '002' })).exitCode).toBe(0);
      const config = withApply(project, { lockTimeout: '100ms', retries: 5 });
      for (const to of ['003', '004']) {
        // Another session holds ACCESS EXCLUSIVE on invoices until the engine has retried once.
        const holder = await client(db.url);
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE');
        let released = false;
        const rec = recorder();
        const out = await apply({
          ...opts,
          config,
          to,
          onEvent: (e) => {
            rec.onEvent(e);
            if (e.type === 'retry' && !released) {
              released = true;
              void holder.query('COMMIT');
            }
          },
        });
        await holder.end();
        expect(out.exitCode).toBe(0);
        expect(out.done.map((d) => d.version)).toEqual([to]);
        const retries = rec.events.filter((e) => e.type === 'retry');
        expect(retries.length).toBeGreaterThanOrEqual(1);
        expect(retries[0]).toMatchObject({ version: to, attempt: 1, of: 5, statement: 0 });
        expect((retries[0] as { error: string }).error).toMatch(/lock timeout.*55P03/);
      }
      expect((await catalog(db.q)).indexes).toContainEqual(expect.objectContaining({ idx: 'ix_invoices_total_cents', valid: true }));
      // Retried after lock timeouts, the transaction's row still records what it changed.
      expect(await db.q("SELECT schema_diff FROM public.migrationlint_history WHERE version = '004'")).toEqual([
        { schema_diff: { added: ['column public.invoices.note'], removed: [], changed: [] } },
      ]);
    } finally {
      await done();
    }
  });

  it('lock_timeout: gives up after apply.retries and fails clearly, leaving nothing behind', async (ctx) => {
    const { db, project, opts, done } = await setup(ctx);
    try {
      expect((await apply({ ...opts, to: '003' })).exitCode).toBe(0);
      const holder = await client(db.url);
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE invoices IN ACCESS SHARE MODE');
      const rec = recorder();
      const out = await apply({ ...opts, config: withApply(project, { lockTimeout: '50ms', retries: 2 }), onEvent: rec.onEvent });
      await holder.query('ROLLBACK');
      await holder.end();
      expect(out.exitCode).toBe(1);
      expect(out.failed).toMatchObject({ version: '004', mode: 'transaction', sqlState: '55P03', blocking: false });
      expect(out.failed?.error).toMatch(/lock timeout .*gave up after 3 attempts/);
      expect(rec.events.filter((e) => e.type === 'retry').length).toBe(2);
      const cols = (await catalog(db.q)).columns as Array<{ column_name: string }>;
      expect(cols.map((c) => c.column_name)).not.toContain('note');
      expect((await historyRows(db.q)).at(-1)).toMatchObject({ version: '004', status: 'failed', execution_mode: 'transaction' });
    } finally {
      await done();
    }
  });

  it('a second run waits for the advisory lock, then gives up with a clear message', async (ctx) => {
    const { db, project, opts, done } = await setup(ctx);
    try {
      const key = advisoryLockKey('public.migrationlint_history');
      const other = await client(db.url);
      await other.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      const rec = recorder();
      const out = await apply({ ...opts, lockWait: 0.3, onEvent: rec.onEvent });
      expect(out.exitCode).toBe(1);
      expect(out.refused?.reason).toBe('lock');
      expect(out.refused?.message).toMatch(/^Another migrationlint run holds the migration lock \(server pid \d+.*\); gave up after 0.3 s \(--lock-wait\)\.$/);
      expect(await historyRows(db.q).catch(() => 'no history table')).toBe('no history table');

      // Released while we wait: the run goes ahead.
      const waited = await apply({
        ...opts,
        lockWait: 60,
        onEvent: (e) => {
          if (e.type === 'lock-wait') void other.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        },
      });
      expect(waited.exitCode).toBe(0);
      expect(waited.done.length).toBe(4);
      expect(project.config.apply.historyTable).toBe('public.migrationlint_history');
      await other.end();
    } finally {
      await done();
    }
  });

  it('CREATE INDEX CONCURRENTLY completes while the advisory lock is held (no self-deadlock)', async (ctx) => {
    const { db, project, opts, done } = await setup(ctx);
    try {
      // Records, from inside the run, what the lock session looks like, then builds an index
      // CONCURRENTLY: that waits for every transaction that could see the table, so a lock
      // session holding a transaction open would deadlock it.
      writeFileSync(
        path.join(project.migrations, '005_index_accounts_created_at.up.sql'),
        [
          'CREATE TABLE lock_seen AS',
          "  SELECT (SELECT count(*)::int FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'migrationlint (lock)') AS advisory_locks,",
          "         (SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'migrationlint (lock)' AND xact_start IS NULL) AS lock_session_idle;",
          '',
          '-- migrationlint-ignore mixed-transactional-statements -- test: records the lock session from inside the run',
          'CREATE INDEX CONCURRENTLY ix_accounts_created_at ON accounts (created_at);',
          '',
        ].join('\n'),
      );
      writeFileSync(path.join(project.migrations, '005_index_accounts_created_at.down.sql'), '-- migrationlint-ignore mixed-transactional-statements -- test cleanup\nDROP INDEX CONCURRENTLY ix_accounts_created_at;\nDROP TABLE lock_seen;\n');
      const out = await apply(opts);
      expect(out.exitCode).toBe(0);
      expect(out.done.map((d) => [d.version, d.mode])).toContainEqual(['005', 'statements']);
      expect(await db.q('SELECT advisory_locks, lock_session_idle FROM lock_seen')).toEqual([{ advisory_locks: 1, lock_session_idle: 1 }]);
      expect((await catalog(db.q)).indexes).toContainEqual(expect.objectContaining({ idx: 'ix_accounts_created_at', valid: true }));
      // And the lock is released afterwards.
      expect((await status(opts)).locked).toBe(false);
    } finally {
      await done();
    }
  });

  it('a custom history table (apply.historyTable) in its own schema', async (ctx) => {
    const { db, project, opts, done } = await setup(ctx);
    try {
      const config = withApply(project, { historyTable: 'ops.Schema_Log' });
      expect((await apply({ ...opts, config })).exitCode).toBe(0);
      expect(await db.q("SELECT count(*)::int AS n FROM ops.schema_log WHERE status = 'applied'")).toEqual([{ n: 4 }]);
      expect(await db.q("SELECT to_regclass('public.migrationlint_history') AS r")).toEqual([{ r: null }]);
      const st = await status({ ...opts, config });
      expect(st.historyTable).toBe('ops.schema_log');
      expect(st.counts.applied).toBe(4);
    } finally {
      await done();
    }
  });

  it('works for a role that may create in the schema but not in the database', async (ctx) => {
    const server = requireServer(started, ctx);
    const name = `restricted_${process.pid}`;
    const admin = await server.admin();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const dbAdmin = await server.admin(name);
    const project = await copyFixture('basic');
    try {
      await dbAdmin.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${server.user}`);
      const rights = await dbAdmin.query(`SELECT has_database_privilege($1, current_database(), 'CREATE') AS ok`, [server.user]);
      expect(rights.rows).toEqual([{ ok: false }]);
      const out = await apply({ cwd: project.dir, config: project.config, env: {}, databaseUrl: server.url(name) });
      expect(out.refused).toBeUndefined();
      expect(out.done.length).toBe(4);
    } finally {
      await dbAdmin.end();
      project.cleanup();
    }
  });
});
