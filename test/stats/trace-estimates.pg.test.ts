// `migrationlint trace` on a populated table of a real PostgreSQL: each blocking statement's
// traced duration next to the model's estimate from the live sizes, and their ratio.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { usePostgres } from '../helpers/use-postgres.js';

const postgres = usePostgres(async (server) => {
  const admin = await server.admin();
  await admin.query(`ALTER ROLE ${server.user} CREATEDB`);
  await admin.end();
});
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

interface TraceJson {
  statements: Array<{ index: number; durationMs: number; estimate?: { table: string; operation: string; rows: number; estimatedSeconds: number; low: number; high: number; ratio: number } }>;
}

describe('trace against the estimate', () => {
  it('prints measured, estimated and their ratio per blocking statement of a populated table', async (ctx) => {
    const server = postgres(ctx);
    const dir = mkdtempSync(path.join(tmpdir(), 'mlint-trace-est-'));
    temps.push(dir);
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], pgVersion: 15 }));
    writeFileSync(path.join(dir, 'migrations', '001_small.sql'), 'CREATE TABLE tiny (id int PRIMARY KEY);\n');
    writeFileSync(
      path.join(dir, 'migrations', '002_ops.sql'),
      ['CREATE INDEX items_ref_idx ON items (ref)', 'ALTER TABLE items ADD CONSTRAINT items_n_check CHECK (n >= 0)', 'ALTER TABLE items ALTER COLUMN ref SET NOT NULL', 'CREATE INDEX tiny_idx ON tiny (id)', 'SELECT 1'].join(';\n') + ';\n',
    );
    writeFileSync(path.join(dir, 'setup.sql'), 'CREATE TABLE items (id bigint PRIMARY KEY, ref bigint, n int);\nINSERT INTO items SELECT g, g % 100, g % 7 FROM generate_series(1, 150000) g;\n');
    const shadow = server.url('postgres');
    const text = runCli(['trace', 'migrations/002_ops.sql', '--shadow-url', shadow, '--setup', 'setup.sql'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Measured against the estimate (live sizes of the throwaway database after ANALYZE; model: docs/stats.md):');
    expect(text.stdout).toMatch(/\n +1 +index build +public\.items +~150k +[\d.]+ MB +[\d.]+ m?s +[\d.]+ m?s \([\d.]+ m?s–[\d.]+ m?s\) +\d+\.\d\d\n/);
    const json = JSON.parse(runCli(['trace', 'migrations/002_ops.sql', '--shadow-url', shadow, '--setup', 'setup.sql', '--format', 'json'], { cwd: dir }).stdout) as TraceJson;
    const estimated = json.statements.filter((s) => s.estimate).map((s) => [s.index, s.estimate!.operation, s.estimate!.table]);
    // The tiny table (under 100k rows) and the SELECT get no estimate.
    expect(estimated).toEqual([
      [0, 'index build', 'public.items'],
      [1, 'check validation', 'public.items'],
      [2, 'not null scan', 'public.items'],
    ]);
    for (const s of json.statements.filter((x) => x.estimate)) {
      const e = s.estimate!;
      expect(e.rows).toBe(150000);
      expect(e.low).toBeLessThan(e.estimatedSeconds);
      expect(e.high).toBeGreaterThan(e.estimatedSeconds);
      expect(e.ratio).toBeCloseTo(s.durationMs / 1000 / e.estimatedSeconds, 6);
    }
  });
});
