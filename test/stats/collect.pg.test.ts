// `migrationlint stats` on a real PostgreSQL: figures of tables of known size, a role that owns
// nothing, an empty database, a partitioned table, write rates, and a file that diffs well.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/apply/pg-driver.js';
import { collectStats } from '../../src/stats/collect.js';
import { parseStats, type StatsFile } from '../../src/stats/file.js';
import { runCli } from '../helpers/cli.js';
import { APP_PASSWORD, type PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';

const postgres = usePostgres();
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlint-stats-'));
  temps.push(dir);
  return dir;
}

const dbName = (url: string) => new URL(url).pathname.slice(1);

async function withAdmin<T>(server: PgServer, url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await server.admin(dbName(url));
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

/** Runs `stats` through the CLI into a temp file; returns the file's text and parsed content. */
function statsCli(url: string, extra: string[] = []): { text: string; stats: StatsFile; stderr: string } {
  const dir = tempDir();
  const out = path.join(dir, 'stats.json');
  const run = runCli(['stats', '--database-url', url, '-o', out, '--sample-seconds', '0', ...extra], { cwd: dir });
  expect(run.stderr).not.toContain(APP_PASSWORD);
  expect(run.code, run.stderr).toBe(0);
  const text = readFileSync(out, 'utf8');
  return { text, stats: parseStats(text, out), stderr: run.stderr };
}

describe('migrationlint stats', () => {
  it('reports rows after VACUUM ANALYZE and sizes equal to the server\'s own, and no row data or password', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('known');
    const expected = await withAdmin(server, url, async (c) => {
      await c.query('SET ROLE app');
      await c.query('CREATE SCHEMA shop');
      await c.query('CREATE TABLE shop.orders (id bigint PRIMARY KEY, note text)');
      await c.query('CREATE INDEX orders_note_idx ON shop.orders (note)');
      await c.query("INSERT INTO shop.orders SELECT g, 'secret-row-' || g FROM generate_series(1, 50000) g");
      await c.query('CREATE TABLE public.lookup (code text PRIMARY KEY)');
      await c.query("INSERT INTO public.lookup VALUES ('a'), ('b'), ('c')");
      await c.query('RESET ROLE');
      await c.query('VACUUM ANALYZE shop.orders');
      await c.query('VACUUM ANALYZE public.lookup');
      const { rows } = await c.query<{ heap: string; total: string; indexes: string; pkey: string }>(
        "SELECT pg_table_size('shop.orders') AS heap, pg_total_relation_size('shop.orders') AS total, pg_indexes_size('shop.orders') AS indexes, pg_relation_size('shop.orders_pkey') AS pkey",
      );
      return rows[0]!;
    });
    const { text, stats, stderr } = statsCli(url);
    expect(stderr).toContain('2 tables of PostgreSQL 15');
    expect(stats.server.major).toBe(15);
    expect(Object.keys(stats.tables)).toEqual(['public.lookup', 'shop.orders']);
    const orders = stats.tables['shop.orders']!;
    expect(orders).toMatchObject({ kind: 'table', rows: 50000, heapBytes: Number(expected.heap), totalBytes: Number(expected.total), indexBytes: Number(expected.indexes) });
    expect(orders.heapBytes).toBeGreaterThan(0);
    expect(orders.heapBytes + orders.indexBytes).toBe(orders.totalBytes);
    expect(Object.keys(orders.indexes)).toEqual(['shop.orders_note_idx', 'shop.orders_pkey']);
    expect(orders.indexes['shop.orders_pkey']).toBe(Number(expected.pkey));
    expect(stats.tables['public.lookup']!.rows).toBe(3);
    expect(stats.activity.basis).toHaveProperty('since');
    // The inserts above, since the statistics were reset (or the server started).
    expect(stats.activity.writesPerSecond['shop.orders']!.inserts).toBeGreaterThan(0);
    expect(text).not.toContain('secret-row');
    expect(text).not.toContain(APP_PASSWORD);
    expect(text).not.toContain(encodeURIComponent(APP_PASSWORD));
    expect(text).not.toContain(String(server.port));
  });

  it('is stable: two runs write the same text up to "activity", which comes last', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('stable');
    await withAdmin(server, url, async (c) => {
      await c.query('CREATE TABLE b (id int PRIMARY KEY)');
      await c.query('CREATE TABLE a (id int PRIMARY KEY, x text)');
      await c.query('INSERT INTO a SELECT g, g::text FROM generate_series(1, 1000) g');
      for (const t of ['a', 'b']) await c.query(`VACUUM ANALYZE ${t}`);
    });
    const one = statsCli(url).text;
    const two = statsCli(url).text;
    const head = (t: string) => t.slice(0, t.indexOf('"activity"'));
    expect(head(one)).toBe(head(two));
    expect(head(one).indexOf('"public.a"')).toBeLessThan(head(one).indexOf('"public.b"'));
    expect(one).toMatch(/^\{\n {2}"format": 1,\n {2}"server": \{/);
    expect(one.endsWith('}\n')).toBe(true);
  });

  it('works for a role that owns nothing and has pg_read_all_stats', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('reader');
    await withAdmin(server, url, async (c) => {
      await c.query('SET ROLE app');
      await c.query('CREATE TABLE private_data (id int PRIMARY KEY, v text)');
      await c.query('INSERT INTO private_data SELECT g, g::text FROM generate_series(1, 2000) g');
      await c.query('REVOKE ALL ON private_data FROM PUBLIC');
      await c.query('RESET ROLE');
      await c.query('VACUUM ANALYZE private_data');
      await c.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stats_reader') THEN CREATE ROLE stats_reader LOGIN PASSWORD 'reader-pw'; END IF; END $$");
      await c.query('GRANT pg_read_all_stats TO stats_reader');
    });
    const asOwner = statsCli(url).stats;
    const asReader = statsCli(server.url(dbName(url), { user: 'stats_reader', password: 'reader-pw' })).stats;
    // The reader may not SELECT the table, and need not: only catalogs and statistics are read.
    expect(asReader.tables).toEqual(asOwner.tables);
    expect(asReader.tables['public.private_data']!.rows).toBe(2000);
  });

  it('writes an empty table list for an empty database', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('empty');
    const { stats, stderr } = statsCli(url);
    expect(stats.tables).toEqual({});
    expect(stderr).toContain('0 tables');
  });

  it('sums a partitioned table over its partitions and lists each one', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('parts');
    await withAdmin(server, url, async (c) => {
      await c.query('CREATE TABLE events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)');
      await c.query("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
      await c.query("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY RANGE (at)");
      await c.query("CREATE TABLE events_2026_h1 PARTITION OF events_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')");
      await c.query("CREATE TABLE events_2026_h2 PARTITION OF events_2026 FOR VALUES FROM ('2026-07-01') TO ('2027-01-01')");
      await c.query("INSERT INTO events SELECT g, date '2025-01-01' + (g % 700) FROM generate_series(1, 7000) g");
      for (const t of ['events_2025', 'events_2026_h1', 'events_2026_h2']) await c.query(`VACUUM ANALYZE ${t}`);
    });
    const { tables } = statsCli(url).stats;
    const leaves = ['public.events_2025', 'public.events_2026_h1', 'public.events_2026_h2'];
    const parent = tables['public.events']!;
    expect(parent.kind).toBe('partitioned table');
    expect(parent.partitions).toEqual(leaves);
    expect(parent.rows).toBe(7000);
    const sum = (field: 'rows' | 'heapBytes' | 'totalBytes') => leaves.reduce((n, l) => n + tables[l]![field], 0);
    expect(parent.rows).toBe(sum('rows'));
    expect(parent.heapBytes).toBe(sum('heapBytes'));
    expect(parent.heapBytes).toBeGreaterThan(0);
    expect(parent.totalBytes).toBe(sum('totalBytes'));
    for (const leaf of leaves) expect(tables[leaf]).toMatchObject({ kind: 'partition' });
    expect(tables['public.events_2025']!.parent).toBe('public.events');
    expect(tables['public.events_2026_h1']!.parent).toBe('public.events_2026');
    expect(tables['public.events_2026']!).toMatchObject({ kind: 'partitioned table', parent: 'public.events', partitions: leaves.slice(1) });
  });

  it('samples the write counters twice in a read-only transaction', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('rates');
    await withAdmin(server, url, (c) => c.query('CREATE TABLE busy (id serial PRIMARY KEY, v int); CREATE TABLE quiet (id int)'));
    const db = await PgDb.connect({ url });
    const writer = await server.admin(dbName(url));
    try {
      const collecting = collectStats(db, { sampleSeconds: 1 });
      // Writes during the sample, committed one by one so the counters move.
      let stop = false;
      const writing = (async () => {
        while (!stop) await writer.query('INSERT INTO busy (v) SELECT g FROM generate_series(1, 100) g');
      })();
      const stats = await collecting;
      stop = true;
      await writing;
      expect(stats.activity.basis).toEqual({ sampleSeconds: 1 });
      expect(stats.activity.writesPerSecond['public.busy']!.inserts).toBeGreaterThan(0);
      expect(stats.activity.writesPerSecond['public.quiet']).toBeUndefined();
      // The session is left outside any transaction, and nothing was written through it.
      const [state] = await db.query<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro");
      expect(state!.ro).toBe('off');
    } finally {
      await db.close();
      await writer.end();
    }
  });

  it('lint and explain size their findings from the file it wrote', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('lint');
    await withAdmin(server, url, async (c) => {
      await c.query('CREATE TABLE events (id bigint PRIMARY KEY, kind text)');
      await c.query("INSERT INTO events SELECT g, 'k' || (g % 10) FROM generate_series(1, 20000) g");
      await c.query('CREATE TABLE kinds (code text PRIMARY KEY)');
      await c.query("INSERT INTO kinds VALUES ('a'), ('b')");
      for (const t of ['events', 'kinds']) await c.query(`VACUUM ANALYZE ${t}`);
    });
    const dir = tempDir();
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], pgVersion: 15 }));
    writeFileSync(path.join(dir, 'migrations', '001_indexes.sql'), 'CREATE INDEX events_kind_idx ON events (kind);\nCREATE INDEX kinds_lower_idx ON kinds (lower(code));\n');
    const stats = runCli(['stats', '--database-url', url], { cwd: dir });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stderr).toContain('wrote .migrationlint/stats.json: 2 tables');
    const lint = runCli(['lint', '-f', 'json'], { cwd: dir });
    const messages = (JSON.parse(lint.stdout) as Array<{ messages: Array<{ line: number; severity: number; message: string }> }>)[0]!.messages.filter((m) => m.message.includes('CONCURRENTLY'));
    expect(messages.map((m) => [m.line, m.severity])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(messages[0]!.message).toMatch(/ — events: ~20k rows, [\d.]+ [kM]B; blocks writes for .* \(estimate\)\.$/);
    expect(messages[1]!.message).toContain('a warning, not an error: kinds is under stats.smallTable.');
    const explain = runCli(['explain'], { cwd: dir });
    expect(explain.stdout).toMatch(/SHARE +events +no +yes +writes +~20k +[\d.]+ [kM]B +\S+ s index build/);
  });

  it('refuses without a database, and masks the password when it cannot connect (exit 2)', async (ctx) => {
    const server = postgres(ctx);
    const dir = tempDir();
    const none = runCli(['stats'], { cwd: dir, env: { DATABASE_URL: undefined } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('stats needs a database: pass --database-url or set $DATABASE_URL');
    const bad = runCli(['stats', '--database-url', server.url('no_such_db')], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/stats: .*no_such_db/);
    expect(bad.stderr).not.toContain(APP_PASSWORD);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
