// lint --cache when nothing changed: the report kept with stat records of what the run read is
// replayed (src/cache/run-snapshot.ts) — and any change to what discovery reads makes a full run.
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCached, lintUncached, project, remove, write } from './helpers.js';

const ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(10));\n';
const INDEX = 'CREATE INDEX ix_orders_note ON orders (note);\n';
const RETYPE = 'ALTER TABLE orders ALTER COLUMN note TYPE integer;\n';
const MIGRATIONS = { 'migrations/001_orders.sql': ORDERS, 'migrations/002_index.sql': INDEX, 'migrations/003_note.sql': RETYPE };

/** Files and directories an hour old: a run trusts stat records only of paths not changed just before it. */
function age(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) utimesSync(join(entry.parentPath, entry.name), past, past);
  utimesSync(dir, past, past);
}

/** The first cached run makes the cache directory (a change beside the migrations); then the files age and a run keeps the snapshot. */
function warm(dir: string): void {
  cachedMatches(dir);
  age(dir);
  expect(cachedMatches(dir).replayed).toBe(false);
}

const replayed = (stderr: string) => stderr.includes('cache: the report of an unchanged run');

/** A cached run whose report (stdout and exit code) must be the uncached one. */
function cachedMatches(dir: string, format = 'json') {
  const run = lintCached({ cwd: dir, format });
  const uncached = lintUncached({ cwd: dir, format });
  expect(run.stdout).toBe(uncached.stdout);
  expect(run.code).toBe(uncached.code);
  return { ...run, replayed: replayed(run.stderr) };
}

describe('lint --cache, nothing changed', () => {
  it('replays the kept report, and renders another format from the kept findings', () => {
    const dir = project(MIGRATIONS);
    expect(cachedMatches(dir)).toMatchObject({ hit: 0, missed: 3, code: 1, replayed: false });
    age(dir);
    expect(cachedMatches(dir)).toMatchObject({ hit: 3, missed: 0, code: 1, replayed: false });
    expect(cachedMatches(dir)).toMatchObject({ hit: 3, missed: 0, code: 1, replayed: true });
    // SARIF offers fixes as json does (the same checked findings): rendered from the kept ones, then kept too.
    expect(cachedMatches(dir, 'sarif')).toMatchObject({ hit: 3, missed: 0, replayed: true });
    expect(cachedMatches(dir, 'sarif').replayed).toBe(true);
    // stylish offers none, so its fixes are not checked: another run, kept by itself.
    expect(cachedMatches(dir, 'stylish').replayed).toBe(false);
    expect(cachedMatches(dir, 'stylish').replayed).toBe(true);
  });

  it('lints again after an edit, even one that keeps the size and the mtime', () => {
    const dir = project(MIGRATIONS);
    warm(dir);
    const file = join(dir, 'migrations/002_index.sql');
    const { mtime } = statSync(file);
    write(dir, { 'migrations/002_index.sql': 'DELETE FROM orders;'.padEnd(INDEX.length - 1) + '\n' });
    utimesSync(file, mtime, mtime);
    expect(statSync(file).size).toBe(INDEX.length);
    const edited = cachedMatches(dir);
    expect(edited).toMatchObject({ replayed: false, missed: 2 });
    expect(edited.stdout).toContain('ban-delete-without-where');
  });

  it('lints again when a migration is added in a subdirectory or removed', () => {
    const dir = project({ ...MIGRATIONS, 'migrations/later/003_more.sql': 'CREATE TABLE more (id bigint);\n' });
    warm(dir);
    expect(cachedMatches(dir).replayed).toBe(true);
    write(dir, { 'migrations/later/004_delete.sql': 'DELETE FROM orders;\n' });
    age(dir);
    const added = cachedMatches(dir);
    expect(added.replayed).toBe(false);
    expect(added.stdout).toContain('ban-delete-without-where');
    expect(cachedMatches(dir).replayed).toBe(true);
    remove(dir, 'migrations/later/004_delete.sql');
    expect(cachedMatches(dir)).toMatchObject({ replayed: false });
  });

  it('lints again when a runner marker file appears beside the migrations', () => {
    const dir = project({ 'db/migrations/20240101000000_orders.sql': `-- migrate:up\n${ORDERS}\n-- migrate:down\nDROP TABLE orders;\n` }, { migrations: ['db/migrations'] });
    warm(dir);
    expect(cachedMatches(dir).replayed).toBe(true);
    write(dir, { 'db/migrations/meta/_journal.json': '{"version":"7","dialect":"postgresql","entries":[]}' });
    age(dir);
    expect(cachedMatches(dir).replayed).toBe(false);
  });

  it('does not trust files changed just before the run: the snapshot is kept by a later run', () => {
    const dir = project(MIGRATIONS);
    cachedMatches(dir);
    expect(cachedMatches(dir)).toMatchObject({ hit: 3, replayed: false });
    age(dir);
    expect(cachedMatches(dir).replayed).toBe(false);
    expect(cachedMatches(dir).replayed).toBe(true);
  });

  it('replays only a run over the whole set: a named file of the set is linted with the per-migration cache', () => {
    const dir = project(MIGRATIONS);
    warm(dir);
    expect(cachedMatches(dir).replayed).toBe(true);
    const named = lintCached({ cwd: dir, args: ['migrations/003_note.sql'] });
    expect(replayed(named.stderr)).toBe(false);
    expect(named.stdout).toBe(lintUncached({ cwd: dir, args: ['migrations/003_note.sql'] }).stdout);
  });
});
