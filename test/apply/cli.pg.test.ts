// The apply commands as a user runs them against a real server: output, exit codes, JSON
// lines, backups, and the password never appearing anywhere.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/apply/pg-driver.js';
import { APP_PASSWORD, requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { runApplyCli, type Run } from './run-cli.js';
import { copyFixture, type Project } from './util.js';

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
});
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const ENCODED = encodeURIComponent(APP_PASSWORD);

function expectNoPassword(run: Run, ...secrets: string[]): void {
  for (const s of [APP_PASSWORD, ENCODED, ...secrets]) expect(run.all).not.toContain(s);
}

async function project(ctx: { skip: (note?: string) => never }, fixture = 'basic') {
  const server = requireServer(started, ctx);
  const url = await server.createDatabase('cli');
  const p = await copyFixture(fixture);
  return { server, url, p };
}

describe('apply CLI on PostgreSQL', () => {
  it('prints one line per migration (version, name, mode, duration) on stderr; exit 0', async (ctx) => {
    const { url, p } = await project(ctx);
    try {
      const run = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^database: postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/cli_\d+_\d+ \(PostgreSQL \d+\.\d+\)$/);
      expect(lines.slice(1, 5).map((l) => l.replace(/\d+ ms/, 'N ms'))).toEqual([
        'applied     001 create_accounts  transaction, N ms',
        'applied     002 create_invoices  transaction, N ms',
        'applied     003 index_invoices_total  statements, N ms',
        'applied     004 add_invoices_note  transaction, N ms',
      ]);
      expect(lines[5]).toMatch(/^Applied 4 migrations in \d/);
      const again = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('Nothing to apply: the database is up to date.');
    } finally {
      p.cleanup();
    }
  });

  it('shows a progress counter on a TTY when several migrations are pending', async (ctx) => {
    const { url, p } = await project(ctx);
    try {
      const run = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url }, isTTY: true });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('[1/4] applying 001 create_accounts…');
      expect(run.stderr).toContain('[4/4] applying 004 add_invoices_note…');
      expect(run.stderr).toContain('\r\x1b[K');
    } finally {
      p.cleanup();
    }
  });

  it('--format json writes one JSON event per line on stdout, ending with the result', async (ctx) => {
    const { url, p } = await project(ctx);
    try {
      const run = await runApplyCli(['apply', '--format', 'json', '--to', '003'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(run.code).toBe(0);
      const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; version?: string; mode?: string });
      expect(events.map((e) => e.type)).toEqual(['connect', 'lint', 'plan', 'start', 'done', 'start', 'done', 'start', 'statement', 'done', 'summary', 'result']);
      expect(events.filter((e) => e.type === 'done').map((e) => [e.version, e.mode])).toEqual([
        ['001', 'transaction'],
        ['002', 'transaction'],
        ['003', 'statements'],
      ]);
      expect(events.at(-1)).toEqual({ type: 'result', exitCode: 0, direction: 'up', dryRun: false, done: ['001', '002', '003'] });
      expectNoPassword(run);
    } finally {
      p.cleanup();
    }
  });

  it('the lint gate prints the findings and exits 1; status shows nothing applied', async (ctx) => {
    const { url, p } = await project(ctx, 'lint-error');
    try {
      const run = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('migrations/002_index_things_label.up.sql');
      expect(run.stderr).toMatch(/2:1 {2}error {2}.*require-concurrent-index-creation/);
      expect(run.stderr).toContain('Refusing to run: 1 lint error in the migrations about to run; nothing was executed.');
      const st = await runApplyCli(['status', '--format', 'json'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(st.code).toBe(0);
      expect(JSON.parse(st.stdout).counts).toEqual({ applied: 0, pending: 2, drifted: 0, failed: 0 });
    } finally {
      p.cleanup();
    }
  });

  it('status prints a table: state, applied at, duration, applied by', async (ctx) => {
    const { url, p } = await project(ctx);
    try {
      expect((await runApplyCli(['apply', '--to', '002'], { cwd: p.dir, env: { DATABASE_URL: url } })).code).toBe(0);
      const run = await runApplyCli(['status'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[1]).toMatch(/^VERSION +NAME +STATE +APPLIED AT +DURATION +BY$/);
      expect(lines[2]).toMatch(/^001 +create_accounts +applied +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z +\d+ ms +app$/);
      expect(lines[4]).toMatch(/^003 +index_invoices_total +pending$/);
      expect(lines.at(-1)).toBe('2 applied, 2 pending, 0 drifted, 0 failed');
    } finally {
      p.cleanup();
    }
  });

  it('down --dry-run prints the plan and changes nothing; down --steps 2 rolls back', async (ctx) => {
    const { url, p } = await project(ctx);
    try {
      expect((await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } })).code).toBe(0);
      const dry = await runApplyCli(['down', '--steps', '2', '--dry-run'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Dry run: would roll back 2 migrations on postgres://app:****@');
      expect(dry.stdout).toMatch(/004 add_invoices_note {2}migrations\/004_add_invoices_note\.down\.sql — one transaction\n {4}1\. line 1, lock: ACCESS EXCLUSIVE on invoices\n {7}ALTER TABLE invoices DROP COLUMN note/);
      expect(dry.stdout).toMatch(/003 index_invoices_total {2}migrations\/003_index_invoices_total\.down\.sql — statement by statement, no transaction/);
      const st = JSON.parse((await runApplyCli(['status', '--format', 'json'], { cwd: p.dir, env: { DATABASE_URL: url } })).stdout);
      expect(st.counts.applied).toBe(4);
      const run = await runApplyCli(['down', '--steps', '2'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/rolled back 004 add_invoices_note/);
      expect(run.stderr).toMatch(/Rolled back 2 migrations/);
      const bad = await runApplyCli(['down', '--steps', '0'], { cwd: p.dir, env: { DATABASE_URL: url } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('expected a whole number ≥ 1, got "0"');
    } finally {
      p.cleanup();
    }
  });

  it('the password never appears: dry run, JSON, status, down, resolve, and errors from pg', async (ctx) => {
    const { server, url, p } = await project(ctx);
    try {
      const env = { DATABASE_URL: url };
      const runs: Run[] = [];
      for (const args of [
        ['apply', '--dry-run'],
        ['apply', '--dry-run', '--format', 'json'],
        ['apply', '--format', 'json', '--to', '001'],
        ['status'],
        ['status', '--format', 'json'],
        ['down', '--dry-run'],
        ['resolve', '001'],
        ['apply', '--database-url', url, '--to', '002'],
      ]) {
        const run = await runApplyCli(args, { cwd: p.dir, env });
        runs.push(run);
        expectNoPassword(run);
        expect(run.all).toContain('app:****@');
      }
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);

      // A wrong password: pg's own error, still no password.
      const wrong = 'Wr0ng-pa55word-xyz';
      const badUrl = server.url(new URL(url).pathname.slice(1), { password: wrong });
      for (const args of [['apply'], ['apply', '--dry-run'], ['status'], ['apply', '--format', 'json'], ['status', '--format', 'json']]) {
        const run = await runApplyCli([...args, '--database-url', badUrl], { cwd: p.dir, env: {} });
        expect(run.code).toBe(1);
        expect(run.all).toMatch(/password authentication failed for user "app"/);
        expectNoPassword(run, wrong, encodeURIComponent(wrong));
      }

      // Nobody listening; a malformed URL; the password as a query parameter.
      const refusedUrl = `postgres://app:${ENCODED}@127.0.0.1:1/nowhere`;
      const refused = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: refusedUrl } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Cannot connect to postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/);
      expectNoPassword(refused);
      const malformed = await runApplyCli(['apply', '--database-url', `postgres://app:${ENCODED}@127.0.0.1:notaport/db`], { cwd: p.dir, env: {} });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('--database-url is not a valid URL');
      expectNoPassword(malformed);
      const query = await runApplyCli(['status', '--database-url', `postgres://app@127.0.0.1:${server.port}/nowhere?password=${ENCODED}`], { cwd: p.dir, env: {} });
      expect(query.code).toBe(1);
      expect(query.stderr).toMatch(/database "nowhere" does not exist/);
      expectNoPassword(query);

      // apply.databaseUrlEnv names another variable.
      writeFileSync(path.join(p.dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', apply: { databaseUrlEnv: 'APP_DB' } }));
      const named = await runApplyCli(['status', '--format', 'json'], { cwd: p.dir, env: { APP_DB: url } });
      expect(named.code).toBe(0);
      expect(JSON.parse(named.stdout).counts.applied).toBe(2);
      expectNoPassword(named);
    } finally {
      p.cleanup();
    }
  });

  it('honors sslmode and sslrootcert in the URL', async (ctx) => {
    const { server, url, p } = await project(ctx);
    try {
      if (!server.sslRootCert) return ctx.skip('openssl is not installed: the test server has no certificate');
      const verified = `${url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(server.sslRootCert)}`;
      const db = await PgDb.connect({ url: verified });
      try {
        expect(await db.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toEqual([{ ssl: true }]);
      } finally {
        await db.close();
      }
      const ok = await runApplyCli(['apply', '--to', '001'], { cwd: p.dir, env: { DATABASE_URL: verified } });
      expect(ok.code).toBe(0);
      expectNoPassword(ok);
      // Another certificate as the root: the server's is not trusted.
      const other = path.join(p.dir, 'other.crt');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(p.dir, 'other.key'), '-out', other, '-days', '1', '-subj', '/CN=other']);
      const untrusted = await runApplyCli(['status'], { cwd: p.dir, env: { DATABASE_URL: `${url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(other)}` } });
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/Cannot connect to postgres:\/\/app:\*\*\*\*@.*: .*(self-signed|unable to verify|certificate)/i);
      expectNoPassword(untrusted);
      const missing = await runApplyCli(['status'], { cwd: p.dir, env: { DATABASE_URL: `${url}?sslmode=verify-full&sslrootcert=/no/such/ca.crt` } });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('$DATABASE_URL: sslrootcert file not found: /no/such/ca.crt');
    } finally {
      p.cleanup();
    }
  });

  describe('--backup', () => {
    function fakePgDump(script: string): string {
      const dir = tempDir('ml-fakebin-');
      const file = path.join(dir, 'pg_dump');
      writeFileSync(file, `#!/bin/sh\n${script}\n`);
      chmodSync(file, 0o755);
      return dir;
    }

    it('runs pg_dump -Fc first: password via PGPASSWORD, not argv; file mode 0600', async (ctx) => {
      const { url, p } = await project(ctx);
      try {
        const capture = tempDir('ml-capture-');
        const bin = fakePgDump(`printf '%s\\n' "$@" > '${capture}/argv'\nprintf '%s' "$PGPASSWORD" > '${capture}/pw'\nprintf 'PGDMP-fake'`);
        const backups = path.join(p.dir, 'backups');
        const run = await runApplyCli(['apply', '--backup', 'backups'], { cwd: p.dir, env: { DATABASE_URL: url, PATH: `${bin}:/usr/bin:/bin` } });
        expect(run.code).toBe(0);
        const argv = readFileSync(path.join(capture, 'argv'), 'utf8');
        expect(argv).toContain('--format=custom');
        expect(argv).not.toContain(APP_PASSWORD);
        expect(argv).not.toContain(ENCODED);
        expect(argv).toMatch(/--dbname=postgres:\/\/app@127\.0\.0\.1:\d+\/cli_/);
        expect(readFileSync(path.join(capture, 'pw'), 'utf8')).toBe(APP_PASSWORD);
        const [dump] = readdirSync(backups);
        expect(dump).toMatch(/^cli_\d+_\d+-\d{8}T\d{6}Z\.dump$/);
        expect(statSync(path.join(backups, dump!)).mode & 0o777).toBe(0o600);
        expect(readFileSync(path.join(backups, dump!), 'utf8')).toBe('PGDMP-fake');
        expect(run.stderr).toMatch(/backup: .*\.dump \(10 bytes/);
        expect(run.stderr).toContain('Applied 4 migrations');
      } finally {
        p.cleanup();
      }
    });

    it('with the real pg_dump writes a custom-format archive', async (ctx) => {
      const { url, p } = await project(ctx);
      try {
        const run = await runApplyCli(['apply', '--backup', 'b', '--to', '001'], { cwd: p.dir, env: { DATABASE_URL: url, PATH: process.env.PATH ?? '/usr/bin:/bin' } });
        expect(run.code).toBe(0);
        const [dump] = readdirSync(path.join(p.dir, 'b'));
        expect(readFileSync(path.join(p.dir, 'b', dump!)).subarray(0, 5).toString()).toBe('PGDMP');
        expectNoPassword(run);
      } finally {
        p.cleanup();
      }
    });

    it('a missing or failing pg_dump: clear error, nothing applied, no password', async (ctx) => {
      const { url, p } = await project(ctx);
      try {
        const missing = await runApplyCli(['apply', '--backup', 'b'], { cwd: p.dir, env: { DATABASE_URL: url, PATH: path.join(p.dir, 'no-such-bin') } });
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain('Backup failed, nothing was applied: pg_dump not found on PATH');
        const bin = fakePgDump('echo "pg_dump: error: connection failed with PGPASSWORD=$PGPASSWORD" >&2\nexit 1');
        const failing = await runApplyCli(['apply', '--backup', 'b'], { cwd: p.dir, env: { DATABASE_URL: url, PATH: `${bin}:/usr/bin:/bin` } });
        expect(failing.code).toBe(1);
        expect(failing.stderr).toContain('Backup failed, nothing was applied: pg_dump exited with code 1: pg_dump: error: connection failed with PGPASSWORD=****');
        expectNoPassword(failing);
        expect(readdirSync(path.join(p.dir, 'b'))).toEqual([]);
        const st = JSON.parse((await runApplyCli(['status', '--format', 'json'], { cwd: p.dir, env: { DATABASE_URL: url } })).stdout);
        expect(st.counts).toEqual({ applied: 0, pending: 4, drifted: 0, failed: 0 });
      } finally {
        p.cleanup();
      }
    });

    it('is refused with the embedded PGlite database (exit 2)', async () => {
      const p: Project = await copyFixture('basic');
      try {
        const run = await runApplyCli(['apply', '--backup', 'b'], { cwd: p.dir, env: {} });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('--backup needs a PostgreSQL server (pg_dump); it is not available with the embedded PGlite database');
        expect(existsSync(path.join(p.dir, '.migrationlint'))).toBe(false);
      } finally {
        p.cleanup();
      }
    });
  });
});
