// lint --cache when the cache file is damaged, unwritable, shared by concurrent runs or moved,
// and with the flags it is combined with.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git.js';
import { lintCached, lintUncached, project, write } from './helpers.js';

const FILES = {
  'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n',
  'migrations/002_index.sql': 'CREATE INDEX ix_orders_note ON orders (note);\n',
  'migrations/003_purge.sql': 'DELETE FROM orders;\n',
};
const CACHE_FILE = 'lint-v3.cache';
const cacheFile = (dir: string) => join(dir, '.migrationlint', 'cache', CACHE_FILE);

interface StoredCache {
  format: number;
  entries: Record<string, { key: string; findings: unknown[]; indexes?: unknown[] }>;
}

/** The cache file as src/cache/store.ts lays it out: a header line [slot, key, length] per entry, then the bodies. */
function readStored(dir: string): StoredCache {
  const content = readFileSync(cacheFile(dir));
  const end = content.indexOf(0x0a);
  const header = JSON.parse(content.toString('utf8', 0, end)) as { format: number; entries: Array<[string, string, number]> };
  const entries: StoredCache['entries'] = {};
  let offset = end + 1;
  for (const [slot, key, length] of header.entries) {
    const [findings, indexes] = JSON.parse(content.toString('utf8', offset, (offset += length))) as [unknown[], unknown[]];
    entries[slot] = { key, findings, indexes };
  }
  return { format: header.format, entries };
}

function encodeStored({ format, entries }: StoredCache): Buffer {
  const bodies = Object.values(entries).map(({ findings, indexes }) => Buffer.from(JSON.stringify([findings, indexes])));
  const header = Object.entries(entries).map(([slot, { key }], i) => [slot, key, bodies[i].length]);
  return Buffer.concat([Buffer.from(`${JSON.stringify({ format, entries: header })}\n`), ...bodies]);
}

/** Writes the per-migration cache file; the snapshot of the unchanged run goes, or the next run would replay it. */
function writeStored(dir: string, content: string | Buffer): void {
  writeFileSync(cacheFile(dir), content);
  for (const name of readdirSync(dirname(cacheFile(dir)))) if (name.startsWith('run-')) rmSync(join(dirname(cacheFile(dir)), name));
}

function warmProject(): { dir: string; expected: string } {
  const dir = project(FILES);
  const expected = lintUncached({ cwd: dir }).stdout;
  expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, missed: 3 });
  return { dir, expected };
}

describe('lint --cache robustness', () => {
  it("removes what earlier versions of the cache left (lint-v1/v2.json, facts-v1/v2): never read again, they would stay forever", () => {
    const dir = project(FILES);
    const cache = join(dir, '.migrationlint', 'cache');
    write(dir, {
      '.migrationlint/cache/lint-v1.json': '{}',
      '.migrationlint/cache/lint-v2.json': '{"format":2,"entries":{}}',
      '.migrationlint/cache/facts-v1/k1': 'x',
      '.migrationlint/cache/facts-v2/k2': 'x',
    });
    const expected = lintUncached({ cwd: dir }).stdout;
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, missed: 3 });
    expect(readdirSync(cache).filter((name) => /-v[12]\b/.test(name))).toEqual([]);
    expect(existsSync(cacheFile(dir))).toBe(true);
  });

  it('writes the cache beside .migrationlint/db, and --cache-location elsewhere', () => {
    const { dir } = warmProject();
    expect(Object.keys(readStored(dir).entries).sort()).toEqual(Object.keys(FILES).map((f) => join(...f.split('/'))));
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'mlint-cache-loc-')), 'nested', 'cache');
    lintCached({ cwd: dir, args: ['--cache-location', elsewhere] });
    expect(existsSync(join(elsewhere, CACHE_FILE))).toBe(true);
    expect(lintCached({ cwd: dir, args: ['--cache-location', elsewhere] }).hit).toBe(3);
  });

  it('ignores and rewrites a corrupt cache file, another format, and entries that are not findings', () => {
    const { dir, expected } = warmProject();
    writeStored(dir, '{"format":3,"entries":[["migrations/001');
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 0, missed: 3 });
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 3 });

    writeStored(dir, encodeStored({ ...readStored(dir), format: 999 }));
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 0, missed: 3 });

    // A body cut short: the header promises more bytes than follow.
    writeStored(dir, readFileSync(cacheFile(dir)).subarray(0, -1));
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 0, missed: 3 });

    // Keys intact, findings damaged: those units are analysed again.
    const stored = readStored(dir);
    const slot = join('migrations', '002_index.sql');
    stored.entries[slot].findings = [{ file: 7, ruleId: 'x' }];
    stored.entries[join('migrations', '003_purge.sql')] = { key: 'not a key', findings: [], indexes: [] };
    writeStored(dir, encodeStored(stored));
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 1, missed: 2 });
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 3 });

    // Findings intact, the migrations' new indexes damaged or missing: analysed again.
    const indexes = readStored(dir);
    indexes.entries[slot].indexes = [{ file: 7, offset: 'x' }];
    delete indexes.entries[join('migrations', '003_purge.sql')].indexes;
    writeStored(dir, encodeStored(indexes));
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 1, missed: 2 });
  });

  it('warns once and still lints when the cache location cannot be written', () => {
    const dir = project(FILES);
    writeFileSync(join(dir, 'not-a-dir'), '');
    const run = lintCached({ cwd: dir, args: ['--cache-location', 'not-a-dir/cache'] });
    expect(run.stdout).toBe(lintUncached({ cwd: dir }).stdout);
    expect(run.code).toBe(1);
    expect(run.stderr.match(/warning: cannot write the cache/g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('survives concurrent runs sharing one cache', async () => {
    const { dir, expected } = warmProject();
    write(dir, { 'migrations/004_more.sql': 'UPDATE orders SET note = 1;\n' });
    const expectedNow = lintUncached({ cwd: dir }).stdout;
    expect(expectedNow).not.toBe(expected);
    const runOnce = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, 'lint', '--cache', '-f', 'json'], { cwd: dir });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(out));
      });
    const outputs = await Promise.all([runOnce(), runOnce(), runOnce()]);
    expect(outputs).toEqual([expectedNow, expectedNow, expectedNow]);
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expectedNow, hit: 4, missed: 0 });
  });

  it('still hits after the project moves (stored paths are relative to the config directory)', () => {
    const { dir } = warmProject();
    const moved = join(mkdtempSync(join(tmpdir(), 'mlint-cache-moved-')), 'checkout');
    cpSync(dir, moved, { recursive: true });
    expect(lintCached({ cwd: moved })).toMatchObject({ stdout: lintUncached({ cwd: moved }).stdout, hit: 3, missed: 0 });
  });

  it('refuses --cache with --fix or --fix-dry-run, and --cache-location without --cache (exit 2)', () => {
    const dir = project(FILES);
    for (const args of [['--cache', '--fix'], ['--cache', '--fix-dry-run'], ['--cache-location', 'x']]) {
      const run = runCli(['lint', ...args], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^migrationlint: --cache/);
    }
    expect(existsSync(cacheFile(dir))).toBe(false);
  });

  it('with --changed-since reports the changed migrations only, and leaves a cache a full run can use, out of git', () => {
    const repo = gitRepo({ '.migrationlintrc.json': '{}', ...FILES });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'history');
    repo.write({ 'migrations/004_more.sql': 'UPDATE orders SET note = 1;\n' });
    const scoped = lintCached({ cwd: repo.dir, args: ['--changed-since', 'HEAD'] });
    expect(scoped).toMatchObject({ stdout: lintUncached({ cwd: repo.dir, args: ['--changed-since', 'HEAD'] }).stdout, hit: 0, missed: 1 });
    expect(lintCached({ cwd: repo.dir })).toMatchObject({ stdout: lintUncached({ cwd: repo.dir }).stdout, hit: 1, missed: 3 });
    expect(lintCached({ cwd: repo.dir, args: ['--changed-since', 'HEAD'] })).toMatchObject({ stdout: scoped.stdout, hit: 1, missed: 0 });
    // The cache directory ignores itself: nothing to commit by mistake.
    expect(repo.git('status', '--porcelain')).toBe('?? migrations/004_more.sql\n');
  });
});
