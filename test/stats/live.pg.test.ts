// `lint`/`explain --database-url` on a real PostgreSQL: the table sizes read live (not the stats
// file) name the rows in findings, fill explain's rows column, key the cache, and a bad URL is a
// usage error with its password masked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { APP_PASSWORD, type PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';

const postgres = usePostgres();
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A database whose `items` holds `rows` rows (analyzed), and a project indexing it, with a stale stats file of 7 rows. */
async function setUp(server: PgServer, rows: number): Promise<{ url: string; dir: string }> {
  const url = await server.createDatabase('live');
  const admin = await server.admin(new URL(url).pathname.slice(1));
  try {
    await admin.query('SET ROLE app');
    await admin.query('CREATE TABLE items (id bigint PRIMARY KEY, ref bigint)');
    await admin.query('INSERT INTO items SELECT g, g % 100 FROM generate_series(1, $1::int) g', [rows]);
    await admin.query('RESET ROLE');
    await admin.query('VACUUM ANALYZE items');
  } finally {
    await admin.end();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mlint-live-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'migrations'));
  mkdirSync(path.join(dir, '.migrationlint'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], pgVersion: 15 }));
  writeFileSync(path.join(dir, 'migrations', '001_items.sql'), 'CREATE TABLE items (id bigint PRIMARY KEY, ref bigint);\n');
  writeFileSync(path.join(dir, 'migrations', '002_index.sql'), 'CREATE INDEX items_ref_idx ON items (ref);\n');
  const stale = { format: 1, server: { version: '15.0', major: 15 }, tables: { 'public.items': { kind: 'table', rows: 7, heapBytes: 8192, indexBytes: 0, totalBytes: 8192, indexes: {} } }, activity: { collectedAt: '2026-01-01T00:00:00.000Z', basis: { sampleSeconds: 0 }, writesPerSecond: {} } };
  writeFileSync(path.join(dir, '.migrationlint', 'stats.json'), JSON.stringify(stale));
  return { url, dir };
}

async function setRows(server: PgServer, url: string, rows: number): Promise<void> {
  const admin = await server.admin(new URL(url).pathname.slice(1));
  try {
    await admin.query('TRUNCATE items');
    await admin.query('INSERT INTO items SELECT g, g % 100 FROM generate_series(1, $1::int) g', [rows]);
    await admin.query('VACUUM ANALYZE items');
  } finally {
    await admin.end();
  }
}

const indexMessage = (stdout: string) => stdout.split('\n').find((l) => l.includes('CREATE INDEX on items')) ?? stdout;

describe('lint and explain --database-url', () => {
  it('lint names the live rows, not the stats file\'s, says where they came from on stderr, and keeps SARIF stdout clean', async (ctx) => {
    const server = postgres(ctx);
    const { url, dir } = await setUp(server, 20000);
    const fromFile = runCli(['lint', '--no-color'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(indexMessage(fromFile.stdout)).toContain('items: ~7 rows');
    expect(fromFile.stderr).not.toContain('read live');

    const live = runCli(['lint', '--no-color', '--database-url', url], { cwd: dir });
    expect(live.code, live.stderr).toBe(1);
    expect(indexMessage(live.stdout)).toContain('items: ~20k rows');
    expect(live.stderr).toMatch(/note: table sizes read live from postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/live\w* \(1 table, PostgreSQL 15\.\d+\); the stats file is not read/);
    expect(live.stdout + live.stderr).not.toContain(APP_PASSWORD);
    expect(live.stdout + live.stderr).not.toContain(encodeURIComponent(APP_PASSWORD));

    const sarif = runCli(['lint', '-f', 'sarif', '--database-url', url], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(log.runs[0]!.results.map((r) => r.message.text).join('\n')).toContain('items: ~20k rows');
    expect(sarif.stdout).not.toContain('read live');
  });

  it('lint -j 2 over two migration directories: the worker thread gets the live sizes too', async (ctx) => {
    const server = postgres(ctx);
    const { url, dir } = await setUp(server, 20000);
    mkdirSync(path.join(dir, 'later'));
    writeFileSync(path.join(dir, 'later', '003_index.sql'), 'CREATE INDEX items_id_ref_idx ON items (id, ref);\n');
    writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations', 'later'], pgVersion: 15 }));
    const threaded = runCli(['lint', '--no-color', '-j', '2', '--database-url', url], { cwd: dir });
    const single = runCli(['lint', '--no-color', '-j', '1', '--database-url', url], { cwd: dir });
    const sized = (stdout: string) => stdout.split('\n').filter((l) => l.includes('items: ~20k rows'));
    expect(sized(threaded.stdout), threaded.stderr).toHaveLength(2);
    expect(threaded.stdout).toBe(single.stdout);
  });

  it('explain fills the rows column from the live sizes', async (ctx) => {
    const server = postgres(ctx);
    const { url, dir } = await setUp(server, 20000);
    const table = runCli(['explain', 'migrations/002_index.sql', '--database-url', url], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/\brows\b.*\bsize\b.*\bestimate\b/);
    expect(table.stdout).toContain('~20k');
    const json = JSON.parse(runCli(['explain', 'migrations/002_index.sql', '-f', 'json', '--database-url', url], { cwd: dir }).stdout) as Array<{ statements: Array<{ risks?: Array<{ rows: number }> }> }>;
    expect(json[0]!.statements[0]!.risks?.[0]?.rows).toBe(20000);
  });

  it('a URL that cannot connect is a usage error (exit 2) naming the URL with its password masked', async (ctx) => {
    const server = postgres(ctx);
    const { url, dir } = await setUp(server, 10);
    const wrong = 'Wr0ng-s3cret-pw';
    const bad = new URL(url);
    bad.password = wrong;
    for (const command of ['lint', 'explain']) {
      const run = runCli([command, '--database-url', bad.toString()], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/cannot read table sizes from postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/live\w*: password authentication failed/);
      expect(run.stderr).not.toContain(wrong);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });

  it('--cache keys on the live sizes: new row counts are not served from the cache, unchanged ones are', async (ctx) => {
    const server = postgres(ctx);
    const { url, dir } = await setUp(server, 20000);
    const env = { MIGRATIONLINT_CACHE_STATS: '1' };
    const first = runCli(['lint', '--no-color', '--cache', '--database-url', url], { cwd: dir, env });
    expect(indexMessage(first.stdout)).toContain('items: ~20k rows');
    const again = runCli(['lint', '--no-color', '--cache', '--database-url', url], { cwd: dir, env });
    expect(again.stderr).toMatch(/cache: [1-9]\d* hit, 0 missed/);
    expect(again.stdout).toBe(first.stdout);

    await setRows(server, url, 45000);
    const second = runCli(['lint', '--no-color', '--cache', '--database-url', url], { cwd: dir, env });
    expect(second.stderr).toMatch(/cache: 0 hit, [1-9]\d* missed/);
    expect(indexMessage(second.stdout)).toContain('items: ~45k rows');
  });
});
