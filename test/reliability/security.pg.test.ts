// Security properties of the built CLI against a real PostgreSQL: the password never reaches
// the output (errors from the server and the network, a migration whose error echoes a connection string,
// --dry-run, --format json, status); history writes are parameterized (a hostile migration
// name is stored verbatim and runs nothing); backups are 0600 whatever the umask; user input
// never goes through a shell.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, type CliRun } from '../helpers/cli.js';
import { APP_PASSWORD, type PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';

const postgres = usePostgres();
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-security-'));
  temps.push(dir);
  writeFileSync(path.join(dir, '.migrationlintrc.json'), '{ "migrations": "migrations" }');
  const m = path.join(dir, 'migrations');
  spawnSync('mkdir', ['-p', m]);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(m, name), text);
  return dir;
}

const SECRETS = [APP_PASSWORD, encodeURIComponent(APP_PASSWORD), encodeURI(APP_PASSWORD)];
function expectNoSecret(run: CliRun, label: string): void {
  for (const s of SECRETS) expect(run.stdout + run.stderr, `${label} printed the password`).not.toContain(s);
}

describe('the password never appears in any output', () => {
  it('success, dry run, JSON, status, and every kind of failure', async (ctx) => {
    const server: PgServer = postgres(ctx);
    const url = await server.createDatabase('secret');
    const db = new URL(url).pathname.slice(1);
    // A migration whose error message quotes a connection string with the password back.
    const dir = project({
      '001_create_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n',
      '002_echo.sql': `SELECT 'host=127.0.0.1 password=${APP_PASSWORD.replace(/'/g, "''")}'::int;\n`,
    });
    const viaQuery = `postgres://app@127.0.0.1:${server.port}/${db}?password=${encodeURIComponent(APP_PASSWORD)}`;
    const runs: Array<[string, string[], Record<string, string>, number]> = [
      ['apply --dry-run --database-url', ['apply', '--dry-run', '--database-url', url], {}, 0],
      ['apply --format json (migration error echoing the password)', ['apply', '--format', 'json'], { DATABASE_URL: url }, 1],
      ['apply text (same error)', ['apply', '--database-url', viaQuery], {}, 1],
      // 002 failed above: status exits 1 so a deploy script can gate on it.
      ['status', ['status', '--database-url', url], {}, 1],
      ['status --format json', ['status', '--format', 'json'], { DATABASE_URL: url }, 1],
      ['down --dry-run', ['down', '--dry-run', '--format', 'json', '--database-url', url], {}, 1],
      ['wrong password', ['apply', '--database-url', server.url(db, { password: `${APP_PASSWORD}-wrong` })], {}, 1],
      ['no such database', ['status', '--database-url', server.url('no_such_db')], {}, 1],
      ['nothing listening', ['apply', '--database-url', `postgres://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:1/${db}`], {}, 1],
      ['malformed URL', ['apply', '--database-url', `postgres://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:notaport/${db}`], {}, 2],
      ['not a postgres URL', ['status', '--database-url', `mysql://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1/${db}`], {}, 2],
    ];
    for (const [label, args, env, code] of runs) {
      const run = runCli(args, { cwd: dir, env: { DATABASE_URL: undefined, ...env } });
      expectNoSecret(run, label);
      expect(run.code, `${label}: ${run.stderr}`).toBe(code);
      expect(run.stderr, label).not.toMatch(/^\s+at |internal error/m);
    }
    // The echoed password was really in the server's error, masked on the way out.
    const failed = runCli(['apply', '--database-url', url], { cwd: dir });
    expect(failed.stderr).toMatch(/invalid input syntax for type integer: "host=127\.0\.0\.1 password=\*\*\*\*"/);
  });
});

describe('history writes are parameterized', () => {
  it(`a migration named x'); DROP TABLE y; -- is stored verbatim and drops nothing`, async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('inject');
    const name = `x'); DROP TABLE y; --`;
    const dir = project({ '001_create_y.sql': 'CREATE TABLE y (id bigint PRIMARY KEY);\n', [`002_${name}.sql`]: 'CREATE TABLE z (id bigint PRIMARY KEY);\n' });
    const run = runCli(['apply', '--format', 'json', '--database-url', url], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const admin = await server.admin(new URL(url).pathname.slice(1));
    try {
      const rows = await admin.query<{ version: string; name: string }>('SELECT version, name FROM migrationlint_history ORDER BY id');
      expect(rows.rows).toEqual([
        { version: '001', name: 'create_y' },
        { version: '002', name },
      ]);
      const tables = await admin.query<{ t: string }>("SELECT relname::text AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1");
      expect(tables.rows.map((r) => r.t)).toEqual(['migrationlint_history', 'y', 'z']);
    } finally {
      await admin.end();
    }
    const st = runCli(['status', '--format', 'json', '--database-url', url], { cwd: dir });
    expect((JSON.parse(st.stdout) as { migrations: Array<{ name: string }> }).migrations.map((m) => m.name)).toEqual(['create_y', name]);
  });
});

describe('backups and child processes', () => {
  it('--backup writes a 0600 file even under umask 000, into a directory whose name is shell syntax', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('backup');
    const dir = project({ '001_create_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n' });
    const backups = 'dumps $(touch pwned) `touch pwned2`';
    const old = process.umask(0);
    let run: CliRun;
    try {
      run = runCli(['apply', '--backup', backups, '--database-url', url], { cwd: dir });
    } finally {
      process.umask(old);
    }
    expect(run.code, run.stderr).toBe(0);
    expectNoSecret(run, 'apply --backup');
    const files = readdirSync(path.join(dir, backups));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(dir, backups, files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, backups)).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(dir, backups, files[0]!)).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(existsSync(path.join(dir, 'pwned')) || existsSync(path.join(dir, 'pwned2'))).toBe(false);
  });

  it('every child process in src/ is spawned with an argument array, never through a shell', () => {
    const files = fg.sync(['src/**/*.ts', 'bin/**/*.js'], { cwd: repoRoot });
    const users: string[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(repoRoot, f), 'utf8');
      if (!/from ['"](node:)?child_process['"]/.test(text)) continue;
      users.push(f);
      const imported = /import\s*\{([^}]*)\}\s*from ['"](node:)?child_process['"]/.exec(text)?.[1] ?? '';
      const names = imported.split(',').map((s) => s.trim().split(/\s+as\s+/)[0]!).filter(Boolean);
      expect(names.filter((n) => n === 'exec' || n === 'execSync'), `${f} imports a shell-running function`).toEqual([]);
      expect(text, `${f} passes shell: true`).not.toMatch(/shell\s*:\s*(true|['"`])/);
      expect(text, `${f} imports child_process as a namespace`).not.toMatch(/import \* as \w+ from ['"](node:)?child_process/);
    }
    console.info(`child_process users: ${users.join(', ')}`);
    expect(users.length).toBeGreaterThan(0);
  });

  it('a hostile --changed-since ref reaches git as one argument, not a shell command', () => {
    const dir = project({ '001_create_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n' });
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const run = runCli(['lint', '--changed-since', 'main; touch pwned $(touch pwned2)'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/^\s+at |internal error/m);
    expect(existsSync(path.join(dir, 'pwned')) || existsSync(path.join(dir, 'pwned2'))).toBe(false);
  });
});
