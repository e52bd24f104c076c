// The built CLI (bin/migrationlint.js → dist/) in separate processes: two concurrent applies
// apply each migration exactly once (advisory lock on PostgreSQL, lock file on PGlite), and
// the README's first command works on a fresh machine with no server (embedded PGlite).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLockKey } from '../../src/apply/lock.js';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { copyFixture, REPO } from './util.js';

const BIN = path.join(REPO, 'bin', 'migrationlint.js');

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string>): { done: Promise<Proc>; stderr: () => string; exited: () => boolean } {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) base[k] = process.env[k]!;
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let exited = false;
  const done = new Promise<Proc>((resolve) =>
    child.once('close', (code) => {
      exited = true;
      resolve({ code, stdout, stderr });
    }),
  );
  return { done, stderr: () => stderr, exited: () => exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let started: StartResult | undefined;
beforeAll(async () => {
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  if (!/^\s+apply\b/m.test(help.stdout)) {
    throw new Error(`the built CLI (${BIN}) has no apply command: run \`npm run build\` first (npm test does)\n${help.stdout}${help.stderr}`);
  }
  started = await startPostgres();
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

describe('two apply processes at once', () => {
  it('PostgreSQL: each migration is applied exactly once', async (ctx) => {
    const server = requireServer(started, ctx);
    const url = await server.createDatabase('procs');
    const p = await copyFixture('basic');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // Hold the lock so that both processes are surely waiting for it at the same time.
      const key = advisoryLockKey('public.migrationlint_history');
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      const a = run(['apply', '--lock-wait', '120'], p.dir, { DATABASE_URL: url });
      const b = run(['apply', '--lock-wait', '120'], p.dir, { DATABASE_URL: url });
      // Release only once both have said they are waiting for it.
      const isWaiting = (r: { stderr: () => string }) => /waiting up to 120 s for another migrationlint run \(server pid \d+/.test(r.stderr());
      for (let i = 0; i < 1200 && !(isWaiting(a) && isWaiting(b)) && !a.exited() && !b.exited(); i++) await sleep(100);
      expect([isWaiting(a), isWaiting(b)], `${a.stderr()}\n${b.stderr()}`).toEqual([true, true]);
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      const outputs = [ra.stderr, rb.stderr];
      expect(outputs.filter((s) => s.includes('Applied 4 migrations')).length).toBe(1);
      expect(outputs.filter((s) => s.includes('Nothing to apply: the database is up to date.')).length).toBe(1);
      const rows = await holder.query<{ version: string; n: number }>(
        "SELECT version, count(*)::int AS n FROM migrationlint_history WHERE status = 'applied' GROUP BY version ORDER BY version",
      );
      expect(rows.rows).toEqual([
        { version: '001', n: 1 },
        { version: '002', n: 1 },
        { version: '003', n: 1 },
        { version: '004', n: 1 },
      ]);
    } finally {
      await holder.end();
      p.cleanup();
    }
  });

  it('PGlite: the lock file keeps the second process out until the first is done', async () => {
    const p = await copyFixture('basic');
    try {
      const a = run(['apply'], p.dir, {});
      const b = run(['apply'], p.dir, {});
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect([ra.code, rb.code], `${ra.stderr}\n${rb.stderr}`).toEqual([0, 0]);
      const outputs = [ra.stderr, rb.stderr];
      expect(outputs.filter((s) => s.includes('Applied 4 migrations')).length).toBe(1);
      expect(outputs.filter((s) => s.includes('Nothing to apply')).length).toBe(1);
      expect(outputs.some((s) => /waiting up to 60 s for another migrationlint run \(pid \d+ on /.test(s))).toBe(true);
      // Only the process that got the lock first creates the database.
      expect(outputs.filter((s) => s.includes('creating the embedded PGlite database')).length).toBe(1);
      const st = await run(['status', '--format', 'json'], p.dir, {}).done;
      expect(st.code).toBe(0);
      expect(JSON.parse(st.stdout).counts).toEqual({ applied: 4, pending: 0, drifted: 0, failed: 0 });
      expect(existsSync(path.join(p.dir, '.migrationlint', 'db', 'migrationlint.lock'))).toBe(false);
    } finally {
      p.cleanup();
    }
  });
});

describe('no server at all', () => {
  it("the README's first command lints and applies the bundled example into .migrationlint/db", async () => {
    const p = await copyFixture('example', path.join(REPO, 'fixtures'));
    try {
      const ups = readdirSync(p.migrations).filter((f) => f.endsWith('.up.sql')).length;
      const applied = await run(['apply'], p.dir, {}).done;
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).toMatch(/^creating the embedded PGlite database in .*\/\.migrationlint\/db \(first run only/m);
      expect(applied.stderr).toMatch(/^database: embedded PGlite database in .*\/\.migrationlint\/db \(PostgreSQL \d+\.\d+\)$/m);
      expect(applied.stderr).toContain(`Applied ${ups} migrations`);
      expect(existsSync(path.join(p.dir, '.migrationlint', 'db', 'PG_VERSION'))).toBe(true);
      const st = await run(['status'], p.dir, {}).done;
      expect(st.code).toBe(0);
      expect(st.stdout).toContain(`${ups} applied, 0 pending, 0 drifted, 0 failed`);
      const back = await run(['down', '--steps', String(ups)], p.dir, {}).done;
      expect(back.code, back.stderr).toBe(0);
      expect(back.stderr).toContain(`Rolled back ${ups} migrations`);
    } finally {
      p.cleanup();
    }
  });
});
