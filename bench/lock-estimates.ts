// Calibrates src/stats/model.ts: on a throwaway PostgreSQL (Debian's, via test/helpers/postgres.ts)
// it fills tables of several sizes and times each blocking operation (in a transaction rolled
// back, so the table stays as it was), then prints per operation and size the measured time,
// the shipped model's estimate and their ratio, and the throughput each size implies.
// With --trace, the same operations run as one migration through `migrationlint trace` on a
// shadow database of that server, populated by --setup SQL: trace's own measured/estimated ratios.
// `npm run bench:estimates [-- --rows 100000,1000000,3000000] [--trace]`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { trace } from '../src/verify/trace.js';
import { startPostgres } from '../test/helpers/postgres.js';
import { BLOCKING_OPERATIONS, estimate, throughputOf, type BlockingOperation, type TableSize } from '../src/stats/model.js';
import { markdownTable } from './stats.js';

const OPERATION_SQL: Record<BlockingOperation, string> = {
  'index build': 'CREATE INDEX bench_ref_idx ON bench (ref)',
  'table rewrite': 'ALTER TABLE bench ALTER COLUMN n TYPE bigint',
  'check validation': 'ALTER TABLE bench ADD CONSTRAINT bench_n_check CHECK (n >= 0)',
  'not null scan': 'ALTER TABLE bench ALTER COLUMN ref SET NOT NULL',
  'fk validation': 'ALTER TABLE bench ADD CONSTRAINT bench_ref_fk FOREIGN KEY (ref) REFERENCES bench_parent (id)',
  // Last: its rolled-back row versions stay in the heap until the next fill.
  update: 'UPDATE bench SET n = n + 1',
};

interface Measured {
  operation: BlockingOperation;
  size: TableSize;
  seconds: number;
}

function rowCounts(argv: readonly string[]): number[] {
  const i = argv.indexOf('--rows');
  const list = i >= 0 ? argv[i + 1] : undefined;
  return (list ?? '100000,1000000,3000000').split(',').map((n) => Number(n.trim()));
}

async function fill(db: pg.Client, rows: number): Promise<{ size: TableSize; seconds: number }> {
  const start = performance.now();
  await db.query('DROP TABLE IF EXISTS bench');
  await db.query('CREATE TABLE bench (id bigint PRIMARY KEY, ref bigint, n int, payload text, created timestamptz)');
  await db.query(`INSERT INTO bench SELECT g, g % 1000 + 1, g % 97, md5(g::text), now() - g * interval '1 second' FROM generate_series(1, ${rows}) g`);
  await db.query('VACUUM ANALYZE bench');
  const seconds = (performance.now() - start) / 1000;
  const [size] = (
    await db.query<{ rows: string; heap: string; total: string }>(
      "SELECT reltuples::bigint AS rows, pg_table_size('bench') AS heap, pg_total_relation_size('bench') AS total FROM pg_class WHERE oid = 'bench'::regclass",
    )
  ).rows;
  return { size: { rows: Number(size!.rows), heapBytes: Number(size!.heap), totalBytes: Number(size!.total) }, seconds };
}

async function timed(db: pg.Client, sql: string): Promise<number> {
  await db.query('BEGIN');
  const start = performance.now();
  await db.query(sql);
  const seconds = (performance.now() - start) / 1000;
  await db.query('ROLLBACK');
  return seconds;
}

/**
 * Each estimate comes from the sizes before the migration, so the order keeps the table each
 * statement meets close to them: the UPDATE first (on the table with its primary key only), then
 * the rewrite (which drops the UPDATE's dead row versions), then the scans and the index build.
 */
const TRACE_ORDER: readonly BlockingOperation[] = ['update', 'table rewrite', 'check validation', 'not null scan', 'fk validation', 'index build'];

function setupSql(rows: number): string {
  return [
    'CREATE TABLE bench_parent (id bigint PRIMARY KEY)',
    'INSERT INTO bench_parent SELECT generate_series(1, 1000)',
    'CREATE TABLE bench (id bigint PRIMARY KEY, ref bigint, n int, payload text, created timestamptz)',
    `INSERT INTO bench SELECT g, g % 1000 + 1, g % 97, md5(g::text), now() - g * interval '1 second' FROM generate_series(1, ${rows}) g`,
  ].join(';\n');
}

async function traced(server: { url(db: string): string }, rows: number): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-bench-trace-'));
  try {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], pgVersion: 15 }));
    writeFileSync(join(dir, 'migrations', '001_operations.sql'), `${TRACE_ORDER.map((o) => OPERATION_SQL[o]).join(';\n')};\n`);
    const config = await loadConfig({ cwd: dir });
    const result = await trace({ cwd: dir, config, target: 'migrations/001_operations.sql', shadowUrl: server.url('postgres'), setupSql: setupSql(rows) });
    return result.statements.flatMap((s) =>
      s.estimate ? [[s.estimate.operation, String(s.estimate.rows), fmt(s.durationMs / 1000), fmt(s.estimate.estimatedSeconds), s.estimate.ratio.toFixed(2)]] : [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));

async function main(): Promise<void> {
  const started = await startPostgres();
  if ('skipped' in started) throw new Error(started.skipped);
  const { server } = started;
  const measured: Measured[] = [];
  if (process.argv.includes('--trace')) {
    try {
      const admin = await server.admin();
      await admin.query(`ALTER ROLE ${server.user} CREATEDB`);
      await admin.end();
      const rows: string[][] = [];
      for (const n of rowCounts(process.argv)) rows.push(...(await traced(server, n)));
      console.log(markdownTable([['operation', 'rows', 'traced s', 'estimated s', 'traced/estimated'], ...rows]));
    } finally {
      await server.stop();
    }
    return;
  }
  try {
    const db = await server.admin();
    try {
      const [version] = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows;
      console.log(`PostgreSQL ${version!.v}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      await db.query('CREATE TABLE bench_parent (id bigint PRIMARY KEY)');
      await db.query('INSERT INTO bench_parent SELECT generate_series(1, 1000)');
      for (const rows of rowCounts(process.argv)) {
        const { size, seconds } = await fill(db, rows);
        console.log(`filled ${rows} rows in ${fmt(seconds)} s: heap ${size.heapBytes} B, total ${size.totalBytes} B`);
        for (const operation of BLOCKING_OPERATIONS) {
          const s = await timed(db, OPERATION_SQL[operation]);
          measured.push({ operation, size, seconds: s });
          console.log(`  ${operation}: ${fmt(s)} s`);
        }
      }
    } finally {
      await db.end();
    }
  } finally {
    await server.stop();
  }
  const rows = measured.map((m) => {
    const e = estimate(m.operation, m.size);
    const t = throughputOf(m.operation, m.size, m.seconds);
    return [m.operation, String(m.size.rows), fmt(m.seconds), fmt(e.seconds), (m.seconds / e.seconds).toFixed(2), String(Math.round(t.rowsPerSecond)), String(Math.round(t.bytesPerSecond))];
  });
  console.log(`\n${markdownTable([['operation', 'rows', 'measured s', 'estimated s', 'measured/estimated', 'rows/s', 'bytes/s'], ...rows])}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
