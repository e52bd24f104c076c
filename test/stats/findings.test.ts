// Findings sized by the stats file: messages, severity under stats.smallTable, tables the stats
// leave alone, SARIF/JSON properties, explain's columns, and the notes about the file itself.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { reporters } from '../../src/reporters/index.js';
import { formatStats } from '../../src/stats/file.js';
import { runCli } from '../helpers/cli.js';
import { lintSql } from '../helpers/lint-sql.js';
import { SHOP, statsOf, table } from './fixture.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const only = async (sql: string, ruleId: string, opts: Parameters<typeof lintSql>[1] = {}) => (await lintSql(sql, { tableStats: SHOP, ...opts })).findings.filter((f) => f.ruleId === ruleId);

describe('findings with table sizes', () => {
  it('names the rows, size and estimated blocking time of a large table', async () => {
    const [f] = await only('CREATE INDEX orders_status_idx ON orders (status);', 'require-concurrent-index-creation');
    expect(f!.severity).toBe('error');
    expect(f!.message).toBe(
      'CREATE INDEX on orders without CONCURRENTLY blocks writes to orders while the index builds — orders (a large table): ~50M rows, 12 GB; blocks writes for ~54 s–4 min (estimate).',
    );
    expect(f!.table).toEqual({ name: 'public.orders', rows: 50_000_000, bytes: 12 * 1024 ** 3, operation: 'index build', estimateSeconds: { low: expect.any(Number), high: expect.any(Number) } });
    expect(f!.table!.estimateSeconds.high / f!.table!.estimateSeconds.low).toBeCloseTo(4);
  });

  it('makes an error a warning under stats.smallTable, and says why', async () => {
    const [f] = await only("ALTER TABLE countries ADD CONSTRAINT countries_code_check CHECK (length(code) = 2);", 'constraint-missing-not-valid');
    expect(f!.severity).toBe('warning');
    expect(f!.message).toMatch(/ — countries: ~250 rows, 48 kB; blocks reads and writes for <0\.1 s \(estimate\); a warning, not an error: countries is under stats\.smallTable\.$/);
    // A lower threshold: 250 rows is no longer small, the error stays (with its size).
    const [kept] = await only("ALTER TABLE countries ADD CONSTRAINT countries_code_check CHECK (length(code) = 2);", 'constraint-missing-not-valid', { stats: { smallTable: { rows: 100 } } });
    expect(kept!.severity).toBe('error');
    expect(kept!.message).toContain('— countries: ~250 rows, 48 kB; blocks reads and writes');
    // By bytes: under 1 MB and 1000 rows is small; 48 kB is not under 10 kB.
    const [bytes] = await only("ALTER TABLE countries ADD CONSTRAINT countries_code_check CHECK (length(code) = 2);", 'constraint-missing-not-valid', { stats: { smallTable: { rows: 1000, bytes: '10kB' } } });
    expect(bytes!.severity).toBe('error');
  });

  it('a medium table keeps its severity and gets its size', async () => {
    const [f] = await only('ALTER TABLE accounts ALTER COLUMN plan SET NOT NULL;', 'adding-not-nullable-field');
    expect(f!.severity).toBe('error');
    expect(f!.message).toMatch(/ — accounts: ~2M rows, 300 MB; blocks reads and writes for ~0\.\d s–0\.\d s \(estimate\)\.$/);
    expect(f!.message).not.toContain('large');
  });

  it('leaves tables created in the migration, and tables the stats do not list, as they were', async () => {
    const created = 'CREATE TABLE orders (id bigint, status text);\nINSERT INTO orders SELECT 1, \'x\';\nCREATE INDEX orders_status_idx ON orders (status);';
    const without = await lintSql(created);
    const withStats = await lintSql(created, { tableStats: SHOP });
    expect(withStats.findings).toEqual(without.findings);
    const absent = 'CREATE INDEX invoices_paid_idx ON invoices (paid);';
    expect((await lintSql(absent, { tableStats: SHOP })).findings).toEqual((await lintSql(absent)).findings);
    const [f] = (await lintSql(absent, { tableStats: SHOP })).findings.filter((x) => x.ruleId === 'require-concurrent-index-creation');
    expect(f!.table).toBeUndefined();
  });

  it('resolves the table of an index through the schema model, and a schema-qualified name', async () => {
    const stats = statsOf({ 'app.events': table(3_000_000, 2 * 1024 ** 3) });
    const sql = 'REINDEX TABLE app.events;';
    const [f] = (await lintSql(sql, { tableStats: stats })).findings.filter((x) => x.ruleId === 'require-concurrent-reindex');
    expect(f!.message).toContain('— app.events: ~3M rows, 2 GB; blocks');
  });

  it('puts the figures in SARIF result.properties and the JSON report', async () => {
    const result = await lintSql('CREATE INDEX orders_status_idx ON orders (status);', { tableStats: SHOP });
    const log = JSON.parse(reporters.sarif!({ findings: result.findings, files: result.set.files }, { cwd: '/virtual', color: false })) as Log;
    const sarif = log.runs[0]!.results!.find((r) => r.ruleId === 'require-concurrent-index-creation')!;
    expect(sarif.properties).toEqual({ table: result.findings.find((f) => f.ruleId === 'require-concurrent-index-creation')!.table });
    const json = JSON.parse(reporters.json!({ findings: result.findings, files: result.set.files }, { cwd: '/virtual', color: false })) as Array<{ messages: Array<{ ruleId: string; table?: unknown }> }>;
    expect(json[0]!.messages.find((m) => m.ruleId === 'require-concurrent-index-creation')!.table).toMatchObject({ name: 'public.orders', operation: 'index build' });
  });
});

function project(stats: string | undefined, config: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlint-stats-lint-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], pgVersion: 16, ...config }));
  writeFileSync(path.join(dir, 'migrations', '001_index.sql'), 'CREATE INDEX orders_status_idx ON orders (status);\n');
  if (stats !== undefined) {
    mkdirSync(path.join(dir, '.migrationlint'));
    writeFileSync(path.join(dir, '.migrationlint', 'stats.json'), stats);
  }
  return dir;
}

describe('the stats file in lint and explain (CLI)', () => {
  it('explain gains rows, size and estimate columns', () => {
    const run = runCli(['explain'], { cwd: project(formatStats(SHOP)) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/line +statement +lock +on +rewrite +scan +blocks +rows +size +estimate +tx +findings/);
    expect(run.stdout).toMatch(/SHARE +orders +no +yes +writes +~50M +12 GB +~54 s–4 min index build +yes +require-concurrent-index-creation/);
    const json = JSON.parse(runCli(['explain', '-f', 'json'], { cwd: project(formatStats(SHOP)) }).stdout) as Array<{ statements: Array<{ risks?: Array<{ table: string; rows: number }> }> }>;
    expect(json[0]!.statements[0]!.risks![0]).toMatchObject({ table: 'public.orders', rows: 50_000_000, operation: 'index build', size: 'large' });
    const plain = runCli(['explain'], { cwd: project(undefined) });
    expect(plain.stdout).not.toContain('estimate');
  });

  it('a missing stats file is noted once when the config names one, and not at all otherwise', () => {
    const named = runCli(['lint', 'migrations', 'migrations/001_index.sql'], { cwd: project(undefined, { stats: { file: 'db/stats.json' } }) });
    expect(named.code).toBe(1);
    expect(named.stderr.match(/note: db\/stats\.json: no stats file: findings carry no table sizes \(write it with `migrationlint stats`\)/g)).toHaveLength(1);
    expect(named.stdout).toContain('require-concurrent-index-creation');
    const unnamed = runCli(['lint'], { cwd: project(undefined) });
    expect(unnamed.stderr).toBe('');
  });

  it('an invalid stats file is a note with its path, and lint goes on without sizes', () => {
    const run = runCli(['lint', '-f', 'json'], { cwd: project('{"format": 1, "tables": []}') });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^migrationlint: note: \.migrationlint\/stats\.json: server: .*; findings carry no table sizes\n$/);
    expect(run.stdout).not.toContain('"table"');
  });

  it('a stats file from another server major is used, with a note', () => {
    const run = runCli(['lint'], { cwd: project(formatStats(statsOf(SHOP.tables, 14))) });
    expect(run.stderr).toContain('note: .migrationlint/stats.json was read from PostgreSQL 14, and pgVersion is 16: its table sizes are used as they are');
    expect(run.stdout).toContain('orders (a large table): ~50M rows, 12 GB');
  });

  it('rejects a bad threshold in the config with its location (exit 2)', () => {
    const run = runCli(['lint'], { cwd: project(undefined, { stats: { largeTable: { bytes: '10 parsecs' } } }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stats.largeTable.bytes');
  });
});
