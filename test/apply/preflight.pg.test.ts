// What apply checks before touching the database: the server's version against the config's
// pgVersion, and room for the --backup dump (on a 2 MiB tmpfs, smaller than any database).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { runApplyCli } from './run-cli.js';
import { copyFixture } from './util.js';

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
}, 60_000);
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

async function historyExists(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query("SELECT to_regclass('public.migrationlint_history') IS NOT NULL AS e")).rows[0].e as boolean;
  } finally {
    await c.end();
  }
}

describe('apply checks the server version', () => {
  it('reports the version; refuses a server older than the pgVersion the config states (exit 1, nothing run)', async (ctx) => {
    const server = requireServer(started, ctx);
    const url = await server.createDatabase('version');
    const p = await copyFixture('basic');
    try {
      const env = { DATABASE_URL: url };
      writeFileSync(path.join(p.dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', pgVersion: 16 }));
      for (const args of [['apply'], ['down']]) {
        const run = await runApplyCli(args, { cwd: p.dir, env });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^database: postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/version_\d+_\d+ \(PostgreSQL 15\.\d+\)$/m);
        expect(run.stderr).toMatch(
          /Refusing to run: the server is PostgreSQL 15\.\d+, older than "pgVersion": 16 in .*\.migrationlintrc\.json; the migrations were linted for PostgreSQL 16\. Set "pgVersion": 15 and lint again, or run them on a PostgreSQL 16 or newer server\. Nothing was executed\./,
        );
      }
      expect(await historyExists(url)).toBe(false);

      writeFileSync(path.join(p.dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', pgVersion: 15 }));
      const json = await runApplyCli(['apply', '--format', 'json', '--to', '001'], { cwd: p.dir, env });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout.split('\n')[0]!)).toMatchObject({ type: 'connect', server: expect.stringMatching(/^PostgreSQL 15\.\d+$/) });
      // Without pgVersion in the config (default 16) the server is not held to it.
      writeFileSync(path.join(p.dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations' }));
      expect((await runApplyCli(['apply', '--to', '002'], { cwd: p.dir, env })).code).toBe(0);
    } finally {
      p.cleanup();
    }
  });
});

describe('apply --backup checks the free space first', () => {
  it('refuses with both numbers before pg_dump starts when the directory is too small', async (ctx) => {
    const server = requireServer(started, ctx);
    const mount = mkdtempSync(path.join(tmpdir(), 'ml-small-'));
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount], { stdio: 'pipe' });
      } catch (err) {
        const reason = `cannot mount a 2 MiB tmpfs to fill up: ${(err as Error).message.split('\n')[0]}`;
        if (process.env.CI === 'true') throw new Error(reason);
        return ctx.skip(reason);
      }
      const url = await server.createDatabase('space');
      const p = await copyFixture('basic');
      try {
        // A pg_dump that would write a file: it must not even start.
        const bin = path.join(p.dir, 'bin');
        execFileSync('mkdir', ['-p', bin]);
        writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/sh\necho started > "$0.ran"\n', { mode: 0o755 });
        const run = await runApplyCli(['apply', '--backup', mount], { cwd: p.dir, env: { DATABASE_URL: url, PATH: `${bin}:/usr/bin:/bin` } });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /Refusing to back up, nothing was applied: .*ml-small-\w+ has [12]\.\d MiB free \(\d+ bytes\), the database is \d+\.\d MiB \(pg_database_size \d+ bytes\) and its dump may need up to \d+\.\d MiB \(the size plus 10 %, at least 64 MiB\)\. Free some space or give --backup another directory\./,
        );
        expect(readdirSync(mount)).toEqual([]);
        expect(readdirSync(bin)).toEqual(['pg_dump']);
        expect(await historyExists(url)).toBe(false);
        const st = await runApplyCli(['status', '--format', 'json'], { cwd: p.dir, env: { DATABASE_URL: url } });
        expect(JSON.parse(st.stdout).counts).toEqual({ applied: 0, pending: 4, drifted: 0, failed: 0 });
      } finally {
        p.cleanup();
      }
    } finally {
      try {
        execFileSync('umount', [mount], { stdio: 'pipe' });
      } catch {
        // not mounted
      }
      rmSync(mount, { recursive: true, force: true });
    }
  });
});
