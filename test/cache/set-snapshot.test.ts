// lint --cache keeps the discovered set (src/cache/set-snapshot.ts): a later run trusts an
// unchanged file by its stat record, as git trusts its index, and reads only the files whose
// records moved. Each case is checked against a run without the cache, through the CLI.
import { lstatSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../helpers/git.js';
import { lintCached, lintUncached } from './helpers.js';

const name = (n: number) => `migrations/${String(n).padStart(3, '0')}_step.sql`;
const history: Record<string, string> = {};
for (let n = 1; n <= 12; n++) history[name(n)] = `CREATE TABLE t_${n} (id bigint PRIMARY KEY, v text);\n`;
// Same length as the CREATE TABLE of t_2: an edit that changes the findings and not the size.
const SAME_SIZE_EDIT = 'ALTER TABLE t_1 ALTER COLUMN v TYPE int;         \n';

describe('lint --cache keeps the discovered set', () => {
  const repo = gitRepo({ '.migrationlintrc.json': '{}', ...history });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'history');
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));
  const cache = join(repo.dir, '.migrationlint', 'cache');
  const changedSince = ['--changed-since', 'HEAD'];
  /** The checkout an hour old, as a developer's is when the cache was last written (records older than the racy margin). */
  const age = () => {
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const n of Object.keys(history)) utimesSync(join(repo.dir, n), hourAgo, hourAgo);
    utimesSync(join(repo.dir, 'migrations'), hourAgo, hourAgo);
  };
  const snapshotFile = () => join(cache, readdirSync(cache).find((f) => /^set-[0-9a-f]{16}\.json$/.test(f))!);
  /** Stores `file`'s current lstat record in the snapshot, as if the edit had not moved it (a coarse clock). */
  const hideEdit = (file: string, started: number) => {
    const snapshot = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { started: number; files: Array<{ path: string; record: number[] }> };
    const s = lstatSync(join(repo.dir, file));
    const stored = snapshot.files.find((f) => f.path === join(repo.dir, file))!;
    stored.record = [s.size, s.mtimeMs, s.ctimeMs, s.ino];
    snapshot.started = started;
    writeFileSync(snapshotFile(), JSON.stringify(snapshot));
  };

  it('is written by a full run, and a pull request run with it reports as a cold run', () => {
    age();
    expect(lintCached({ cwd: repo.dir }).missed).toBe(12);
    expect(snapshotFile()).toBeTruthy();
    repo.write({ [name(12)]: 'CREATE INDEX t_12_v ON t_12 (v);\n' });
    const warm = lintCached({ cwd: repo.dir, args: changedSince });
    const cold = lintUncached({ cwd: repo.dir, args: changedSince });
    expect(cold.stdout).toContain('"ruleId": "require-concurrent-index-creation"');
    expect(warm).toMatchObject({ stdout: cold.stdout, code: cold.code, missed: 1 });
  });

  it('sees an earlier migration edited to the same size with its mtime put back', () => {
    age();
    lintCached({ cwd: repo.dir });
    const file = join(repo.dir, name(2));
    const before = lstatSync(file);
    expect(SAME_SIZE_EDIT.length).toBe(history[name(2)].length);
    writeFileSync(file, SAME_SIZE_EDIT);
    utimesSync(file, before.atime, before.mtime);
    expect(lstatSync(file).size).toBe(before.size);
    const warm = lintCached({ cwd: repo.dir, args: changedSince });
    const cold = lintUncached({ cwd: repo.dir, args: changedSince });
    expect(cold.stdout).toContain('"ruleId": "changing-column-type"');
    expect(warm).toMatchObject({ stdout: cold.stdout, code: cold.code });
    // And with no git scope: the whole set from the cache, the edited file read again.
    expect(lintCached({ cwd: repo.dir }).stdout).toBe(lintUncached({ cwd: repo.dir }).stdout);
    repo.write({ [name(2)]: history[name(2)] });
  });

  it('hashes a file whose record is too recent to vouch for it (racy), even when the record is unchanged', () => {
    age();
    lintCached({ cwd: repo.dir });
    writeFileSync(join(repo.dir, name(3)), SAME_SIZE_EDIT);
    // The snapshot as a run racing the edit would have written it: the record it took is the edited file's.
    hideEdit(name(3), lstatSync(join(repo.dir, name(3))).mtimeMs);
    const warm = lintCached({ cwd: repo.dir });
    expect(warm.stdout).toContain('"ruleId": "changing-column-type"');
    expect(warm.stdout).toBe(lintUncached({ cwd: repo.dir }).stdout);
    repo.write({ [name(3)]: history[name(3)] });
  });

  it('trusts a settled record without reading the file (what git trusts too)', () => {
    age();
    lintCached({ cwd: repo.dir });
    writeFileSync(join(repo.dir, name(4)), SAME_SIZE_EDIT);
    // A record that did not move, taken well after the file's mtime: the file is not read again.
    hideEdit(name(4), Date.now() + 3600_000);
    expect(lintCached({ cwd: repo.dir }).stdout).not.toContain('changing-column-type');
    repo.write({ [name(4)]: history[name(4)] });
  });

  it('discovers again when a migration is added or removed', () => {
    age();
    lintCached({ cwd: repo.dir });
    repo.write({ [name(13)]: 'ALTER TABLE t_1 ADD COLUMN w int NOT NULL;\n' });
    expect(lintCached({ cwd: repo.dir, args: changedSince }).stdout).toBe(lintUncached({ cwd: repo.dir, args: changedSince }).stdout);
    rmSync(join(repo.dir, name(13)));
    rmSync(join(repo.dir, name(11)));
    const warm = lintCached({ cwd: repo.dir });
    expect(warm.stdout).toBe(lintUncached({ cwd: repo.dir }).stdout);
    expect(warm.stdout).not.toContain('011_step.sql');
  });
});

// A pull request's branch keeps a few migrations changed: each check reads them again rather than
// rewriting the snapshot of the whole set, and hashes from the first changed migration on only
// (the snapshot keeps each migration's chain digests, src/cache/chains.ts).
describe('lint --cache with a few migrations changed since the snapshot', () => {
  const step = (n: number) => `migrations/${String(n).padStart(3, '0')}_step.sql`;
  const files: Record<string, string> = { [step(1)]: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n' };
  for (let n = 2; n <= 69; n++) files[step(n)] = `CREATE TABLE t_${n} (id bigint PRIMARY KEY);\n`;
  files[step(70)] = 'SELECT 1;\n';
  const repo = gitRepo({ '.migrationlintrc.json': '{}', ...files });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'history');
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));
  const cache = join(repo.dir, '.migrationlint', 'cache');
  const snapshot = () => readFileSync(join(cache, readdirSync(cache).find((f) => /^set-[0-9a-f]{16}\.json$/.test(f))!), 'utf8');
  const changedSince = ['--changed-since', 'HEAD'];
  const hourAgo = new Date(Date.now() - 3600_000);
  const age = (...names: string[]) => {
    for (const n of names) utimesSync(join(repo.dir, n), hourAgo, hourAgo);
  };

  it('keeps the snapshot, and an earlier migration edited between two checks changes the answer', () => {
    age(...Object.keys(files), 'migrations');
    lintCached({ cwd: repo.dir });
    const written = snapshot();
    repo.write({ [step(70)]: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n' });
    const first = lintCached({ cwd: repo.dir, args: changedSince });
    expect(first.stdout).toContain('"ruleId": "fk-missing-index"');
    expect(first).toMatchObject({ stdout: lintUncached({ cwd: repo.dir, args: changedSince }).stdout, missed: 1 });
    expect(snapshot()).toBe(written);

    // Two of 70 files changed: still read again rather than rewritten (REWRITE_SHARE).
    // Migration 20 now indexes the foreign key's column: the digests kept for 20 onwards no longer hold.
    repo.write({ [step(20)]: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n' });
    const second = lintCached({ cwd: repo.dir, args: changedSince });
    expect(second.stdout).not.toContain('fk-missing-index');
    expect(second.stdout).toBe(lintUncached({ cwd: repo.dir, args: changedSince }).stdout);
    expect(snapshot()).toBe(written);

    // And back as it was committed: the kept digests hold again.
    repo.write({ [step(20)]: files[step(20)] });
    age(step(20));
    expect(lintCached({ cwd: repo.dir, args: changedSince }).stdout).toBe(first.stdout);
    expect(lintCached({ cwd: repo.dir }).stdout).toBe(lintUncached({ cwd: repo.dir }).stdout);
  });

  it('rewrites the snapshot when many migrations changed', () => {
    age(...Object.keys(files), 'migrations');
    lintCached({ cwd: repo.dir });
    const written = snapshot();
    const edits = Object.fromEntries([2, 3, 4, 5].map((n) => [step(n), `CREATE TABLE t_${n} (id bigint PRIMARY KEY, v text);\n`]));
    repo.write(edits);
    expect(lintCached({ cwd: repo.dir, args: changedSince }).stdout).toBe(lintUncached({ cwd: repo.dir, args: changedSince }).stdout);
    expect(snapshot()).not.toBe(written);
    repo.write(Object.fromEntries([2, 3, 4, 5].map((n) => [step(n), files[step(n)]])));
  });
});
