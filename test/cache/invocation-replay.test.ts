// `lint --cache` run again exactly as before, nothing changed: the process repeats the recorded
// output without loading the CLI (src/cache/invocation.ts) — and any change to the invocation, to
// a migration or to the config runs the CLI again.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { lintUncached, project, write } from './helpers.js';

const MIGRATIONS = {
  'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(10));\n',
  'migrations/002_index.sql': 'CREATE INDEX ix_orders_note ON orders (note);\n',
};

/** Files and directories an hour old: records are kept only of paths not changed just before a run. */
function age(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) utimesSync(join(entry.parentPath, entry.name), past, past);
  utimesSync(dir, past, past);
}

/** A project, and a temporary directory of its own for the per-user records (TMPDIR). */
function setUp() {
  return setUpWith({});
}

function setUpWith(env: Record<string, string>) {
  const dir = project(MIGRATIONS);
  const temp = mkdtempSync(join(tmpdir(), 'mlint-invocations-'));
  const lint = (format = 'json', args: string[] = []) => runCli(['lint', '--cache', '-f', format, ...args], { cwd: dir, env: { ...env, TMPDIR: temp } });
  const recordDir = () => join(temp, readdirSync(temp).find((n) => n.startsWith('migrationlint-code-cache'))!);
  const records = (paths = false) => readdirSync(recordDir()).filter((n) => /^run-[0-9a-f]+\.rec$/.test(n)).map((n) => (paths ? join(recordDir(), n) : n));
  /** Marks every record (a JSON header line, then stdout): a run that repeats one writes this to stderr instead of what the CLI wrote. */
  const mark = () => {
    for (const name of records()) {
      const file = join(recordDir(), name);
      const bytes = readFileSync(file);
      const end = bytes.indexOf(10);
      const header = JSON.stringify({ ...JSON.parse(bytes.toString('utf8', 0, end)), stderr: 'repeated\n' });
      writeFileSync(file, Buffer.concat([Buffer.from(header), bytes.subarray(end)]), { mode: 0o600 });
    }
  };
  /** A run that saves the run snapshot, then one replaying it: that one keeps the record. */
  const warm = (format = 'json', args: string[] = []) => {
    lint(format, args);
    age(dir);
    lint(format, args);
    lint(format, args);
  };
  return { dir, lint, records, mark, warm };
}

/** Warms the project's one record, marks it, and runs once more: that run repeats the record. */
function repeatedAndUncached({ dir, lint, records, mark, warm }: ReturnType<typeof setUp>) {
  warm();
  expect(records()).toHaveLength(1);
  mark();
  const repeated = lint();
  expect(repeated.stderr).toBe('repeated\n');
  return { repeated, uncached: lintUncached({ cwd: dir }) };
}

describe('lint --cache, the same invocation with nothing changed', () => {
  it('repeats what the last run wrote: stdout byte for byte, stderr and the exit code', () => {
    const { repeated, uncached } = repeatedAndUncached(setUp());
    expect(repeated.stdout).toBe(uncached.stdout);
    expect(repeated.code).toBe(uncached.code);
    expect(repeated.code).toBe(1);
  });

  it('repeats a report of many 64 KB pieces outside ASCII byte for byte (the record is written through a small buffer)', () => {
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`migrations/${String(i).padStart(3, '0')}_café_${'😀'.repeat(30)}.sql`, `CREATE INDEX "ix_ñ😀_${i}" ON orders (note);\n`]));
    const setup = setUp();
    write(setup.dir, many);
    const { repeated, uncached } = repeatedAndUncached(setup);
    expect(Buffer.byteLength(uncached.stdout)).toBeGreaterThan(4 * 65536);
    expect(uncached.stdout).toContain('😀');
    expect(repeated.stdout).toBe(uncached.stdout);
  });

  it('keeps no environment value on disk: the record holds a digest of the environment', () => {
    const { records, warm } = setUpWith({ MIGRATIONLINT_TEST_TOKEN: 'ghp_not-a-real-token-0123456789' });
    warm();
    expect(records().length).toBeGreaterThan(0);
    for (const file of records(true)) expect(readFileSync(file, 'utf8')).not.toContain('ghp_not-a-real-token');
  });

  it('runs the CLI after a migration changed', () => {
    const { dir, lint, mark, warm } = setUp();
    warm();
    mark();
    write(dir, { 'migrations/002_index.sql': 'CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note);\n' });
    const run = lint();
    expect(run.stderr).not.toContain('repeated');
    expect(run.stdout).toBe(lintUncached({ cwd: dir }).stdout);
  });

  it('runs the CLI after the config changed, or a config file appeared nearer', () => {
    const { dir, lint, mark, warm } = setUp();
    warm();
    mark();
    write(dir, { '.migrationlintrc.json': JSON.stringify({ rules: { 'require-concurrent-index-creation': 'off' } }) });
    const changed = lint();
    expect(changed.stderr).not.toContain('repeated');
    expect(changed.stdout).toBe(lintUncached({ cwd: dir }).stdout);

    // A named file outside the configured set: its config is looked for from its directory up.
    write(dir, { 'extra/003_note.sql': 'ALTER TABLE orders ALTER COLUMN note TYPE integer;\n' });
    const named = ['extra/003_note.sql'];
    warm('json', named);
    mark();
    expect(lint('json', named).stderr).toBe('repeated\n');
    write(dir, { 'extra/.migrationlintrc.json': JSON.stringify({ rules: { 'changing-column-type': 'off' } }) });
    const nearer = lint('json', named);
    expect(nearer.stderr).not.toContain('repeated');
    expect(nearer.stdout).toBe(lintUncached({ cwd: dir, args: named }).stdout);
  });

  it('runs the CLI for another invocation: another format has its own record', () => {
    const { lint, records, mark, warm } = setUp();
    warm();
    mark();
    expect(lint('gcc').stderr).not.toContain('repeated');
    warm('gcc');
    expect(records()).toHaveLength(2);
  });

  it('runs the CLI after an edit that keeps the size and the mtime (the ctime moves)', () => {
    const { dir, lint, mark, warm } = setUp();
    warm();
    mark();
    const file = join(dir, 'migrations/002_index.sql');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, MIGRATIONS['migrations/002_index.sql'].replace('note', 'NOTE'));
    utimesSync(file, atime, mtime);
    const run = lint();
    expect(run.stderr).not.toContain('repeated');
    expect(run.stdout).toBe(lintUncached({ cwd: dir }).stdout);
  });

  it('runs the CLI in another environment, after the cache was deleted, and for a damaged record', () => {
    const { dir, lint, records, mark, warm } = setUp();
    warm();
    mark();
    const other = runCli(['lint', '--cache', '-f', 'json'], { cwd: dir, env: { TMPDIR: dirname(dirname(records(true)[0])), MIGRATIONLINT_OTHER: '1' } });
    expect(other.stderr).not.toContain('repeated');

    rmSync(join(dir, '.migrationlint'), { recursive: true });
    expect(lint().stderr).not.toContain('repeated');

    warm();
    mark();
    expect(lint().stderr).toBe('repeated\n');
    for (const file of records(true)) truncateSync(file, statSync(file).size - 1);
    const damaged = lint();
    expect(damaged.stderr).not.toContain('repeated');
    expect(damaged.stdout).toBe(lintUncached({ cwd: dir }).stdout);
  });
});
