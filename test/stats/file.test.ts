// The stats file: stable text, errors that name the file, and a schema on disk that matches.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatStats, parseStats, readStats, statsJsonSchema, StatsFileError, type StatsFile } from '../../src/stats/file.js';
import { repoRoot } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mlint-stats-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample: StatsFile = {
  format: 1,
  server: { version: '15.8', major: 15 },
  tables: {
    'public.orders': { kind: 'table', rows: 10, heapBytes: 8192, indexBytes: 16384, totalBytes: 24576, indexes: { 'public.orders_pkey': 16384 } },
    'app.accounts': { kind: 'table', rows: 0, heapBytes: 0, indexBytes: 8192, totalBytes: 8192, indexes: {} },
  },
  activity: { collectedAt: '2026-12-06T15:00:00.000Z', basis: { sampleSeconds: 1 }, writesPerSecond: {} },
};

describe('stats file', () => {
  it('writes sorted keys, activity last, and reads back what it wrote', () => {
    const text = formatStats(sample);
    expect(text.indexOf('"app.accounts"')).toBeLessThan(text.indexOf('"public.orders"'));
    expect(text.indexOf('"heapBytes"')).toBeLessThan(text.indexOf('"indexBytes"'));
    expect(text.lastIndexOf('"activity"')).toBeGreaterThan(text.lastIndexOf('"tables"'));
    expect(parseStats(text, 'x.json')).toEqual(sample);
    expect(formatStats(parseStats(text, 'x.json'))).toBe(text);
  });

  it('names the file and the bad key when the content is wrong', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...sample, tables: { 'public.t': { kind: 'table', rows: -1 } } }));
    await expect(readStats(bad)).rejects.toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: tables\\.public\\.t\\.rows: `));
    const notJson = path.join(dir, 'not.json');
    writeFileSync(notJson, '{ "format": 1,');
    await expect(readStats(notJson)).rejects.toThrow(`${notJson}: not valid JSON`);
    await expect(readStats(path.join(dir, 'missing.json'))).rejects.toThrow(StatsFileError);
    await expect(readStats(path.join(dir, 'missing.json'))).rejects.toThrow('no stats file (write one with `migrationlint stats --database-url …`)');
  });

  it('schema/stats.schema.json is up to date (npm run build && npm run docs)', () => {
    const onDisk = JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'stats.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(statsJsonSchema())));
  });
});
