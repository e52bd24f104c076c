// `diff` between points of the set and the live (embedded) database, and `report` of that
// database: one project, applied once to its PGlite data directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/engine.js';
import { describeDiff } from '../../src/verify/compare.js';
import { parsePoint, schemaDiff } from '../../src/verify/diff.js';
import { diffJson, diffText } from '../../src/verify/format-diff.js';
import { reportText } from '../../src/verify/format-report.js';
import { liveReport } from '../../src/verify/report.js';
import { makeProject, type Project } from './project.js';

let project: Project;

beforeAll(async () => {
  project = makeProject({
    '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
    '001_orders.down.sql': 'DROP TABLE orders;\n',
    '002_lines.up.sql': "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\nINSERT INTO orders SELECT g, 'x' FROM generate_series(1, 500) g;\n",
    '002_lines.down.sql': 'ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\nDROP TABLE lines;\n',
  });
  const out = await apply({ cwd: project.dir, config: project.config, env: {} });
  expect(out.exitCode).toBe(0);
});

afterAll(() => {
  project?.remove();
});

const diff = (from: string, to: string) => schemaDiff({ cwd: project.dir, config: project.config, from: parsePoint(from), to: parsePoint(to), env: {} });

describe('diff', () => {
  it('between two versions, as text and as JSON', async () => {
    const r = await diff('001', '002');
    expect(describeDiff(r.diff)).toEqual(['+ table public.lines', `~ column public.orders.status: default (none) → "'new'::text"`]);
    expect(diffText(r)).toMatch(/^--- 001 {2}\(PGlite \(PostgreSQL 18\.\d+, in memory\)\)\n\+\+\+ 002 {2}\(PGlite/);
    expect(diffText(r)).toContain('2 differences: + only in 002, - only in 001, ~ changed.');
    const json = JSON.parse(diffJson(r)) as { from: { point: string }; added: Array<{ kind: string; name: string }>; changed: unknown[] };
    expect(json.from.point).toBe('001');
    expect(json.added.map((o) => `${o.kind} ${o.name}`)).toEqual(['table public.lines']);
    expect(json.changed).toHaveLength(1);
  });

  it('from empty to head, and backwards', async () => {
    const r = await diff('empty', 'head');
    expect(describeDiff(r.diff)).toEqual(['+ table public.lines', '+ table public.orders']);
    expect(describeDiff((await diff('head', 'empty')).diff)).toEqual(['- table public.lines', '- table public.orders']);
  });

  it('between head and the live database: equal after apply (the history table is left out)', async () => {
    const r = await diff('head', 'db');
    expect(r.to.database).toContain(join(project.dir, '.migrationlint', 'db'));
    expect(r.diff).toEqual({ added: [], removed: [], changed: [] });
    expect(diffText(r)).toContain('No difference: both schemas are the same.');
    expect(describeDiff((await diff('db', '001')).diff)).toEqual(['- table public.lines', `~ column public.orders.status: default "'new'::text" → (none)`]);
  });

  it('refuses a version the set does not have', async () => {
    await expect(diff('999', 'head')).rejects.toThrow('no migration with version 999 in the set');
  });
});

describe('report', () => {
  it('shows the server, sizes, the history with durations, and pending and drifted migrations', async () => {
    writeFileSync(join(project.dir, 'migrations', '003_more.up.sql'), 'ALTER TABLE lines ADD COLUMN qty int;\n');
    writeFileSync(join(project.dir, 'migrations', '001_orders.up.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, status text, note text);\n');
    const r = await liveReport({ cwd: project.dir, config: project.config, env: {} });
    expect(r.server?.version).toMatch(/^18\./);
    expect(r.server?.sizeBytes).toBeGreaterThan(1_000_000);
    expect(r.largestTables[0]).toMatchObject({ name: 'public.orders', rowsEstimate: expect.any(Number) });
    expect(r.largestTables[0]!.totalBytes).toBeGreaterThan(r.largestTables.find((t) => t.name === 'public.lines')!.totalBytes);
    expect(r.largestIndexes.map((i) => i.name)).toContain('public.orders_pkey');
    expect(r.history.map((h) => [h.version, h.direction, h.status])).toEqual([
      ['001', 'up', 'applied'],
      ['002', 'up', 'applied'],
    ]);
    expect(r.history.every((h) => typeof h.durationMs === 'number')).toBe(true);
    expect(r.pending.map((m) => m.version)).toEqual(['003']);
    expect(r.drifted.map((m) => [m.version, m.drift])).toEqual([['001', 'changed']]);
    const text = reportText(r);
    expect(text).toMatch(/server: PostgreSQL 18\.\d+, database postgres, \d+(\.\d)? MB/);
    expect(text).toContain('Pending: 1\n  003 more');
    expect(text).toContain('Drifted: 1\n  001 orders: file changed since it was applied');
  });
});
