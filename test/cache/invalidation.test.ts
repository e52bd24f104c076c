// lint --cache: after every change, the report equals the report without the cache, and only the
// migrations whose inputs changed are analysed again.
import { describe, expect, it } from 'vitest';
import { lintCached, lintUncached, project, remove, write } from './helpers.js';

const ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(10));\n';
const INDEX = 'CREATE INDEX ix_orders_note ON orders (note);\n';
// Binary-coercible from varchar(10): not flagged while the schema model knows the column's type.
const RETYPE = 'ALTER TABLE orders ALTER COLUMN note TYPE text;\n';
// … and with this, the same RETYPE is not binary-coercible.
const ORDERS_INT = 'CREATE TABLE orders (id bigint PRIMARY KEY, note integer);\n';

/** Runs with --cache and checks the report is the one a run without it gives. */
function cachedMatches(dir: string, args: string[] = []) {
  const run = lintCached({ cwd: dir, args });
  expect(run.stdout).toBe(lintUncached({ cwd: dir, args }).stdout);
  return run;
}

/** Writes the files, then runs with --cache: the report must be the uncached one, the counts these. */
function afterWrite(dir: string, files: Record<string, string>, counts: { hit: number; missed: number }) {
  write(dir, files);
  const run = cachedMatches(dir);
  expect(run).toMatchObject(counts);
  return run;
}

const rulesIn = (stdout: string, file: string) =>
  (JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>)
    .filter((e) => e.filePath.endsWith(file))
    .flatMap((e) => e.messages.map((m) => m.ruleId));

describe('lint --cache invalidation', () => {
  it('analyses everything cold, nothing warm, and only an edited last migration after the edit', () => {
    const dir = project({ 'migrations/001_orders.sql': ORDERS, 'migrations/002_index.sql': INDEX, 'migrations/003_note.sql': RETYPE });
    expect(cachedMatches(dir)).toMatchObject({ hit: 0, missed: 3, code: 1 });
    const warm = cachedMatches(dir);
    expect(warm).toMatchObject({ hit: 3, missed: 0, code: 1 });

    const edited = afterWrite(dir, { 'migrations/003_note.sql': `${RETYPE}DELETE FROM orders;\n` }, { hit: 2, missed: 1 });
    expect(rulesIn(edited.stdout, '003_note.sql')).toContain('ban-delete-without-where');
    expect(rulesIn(warm.stdout, '003_note.sql')).not.toContain('ban-delete-without-where');
  });

  it('re-analyses a later migration when an earlier one changes the schema it sees', () => {
    const dir = project({ 'migrations/001_orders.sql': ORDERS, 'migrations/002_index.sql': INDEX, 'migrations/003_note.sql': RETYPE });
    cachedMatches(dir);
    expect(rulesIn(cachedMatches(dir).stdout, '003_note.sql')).not.toContain('changing-column-type');

    // 003_note.sql is unchanged, but integer → text is not binary-coercible.
    const after = afterWrite(dir, { 'migrations/001_orders.sql': ORDERS_INT }, { hit: 0, missed: 3 });
    expect(rulesIn(after.stdout, '003_note.sql')).toContain('changing-column-type');
  });

  it('keeps the migrations of another directory when one directory changes', () => {
    const dir = project({ 'a/001_orders.sql': ORDERS, 'a/002_note.sql': RETYPE, 'b/001_orders.sql': ORDERS, 'b/002_note.sql': RETYPE }, { migrations: ['a', 'b'] });
    cachedMatches(dir);
    const after = afterWrite(dir, { 'a/001_orders.sql': ORDERS_INT }, { hit: 2, missed: 2 });
    expect(rulesIn(after.stdout, 'a/002_note.sql')).toContain('changing-column-type');
    expect(rulesIn(after.stdout, 'b/002_note.sql')).not.toContain('changing-column-type');
  });

  it('re-analyses every migration of a directory when a down appears in it (require-down-migration)', () => {
    const dir = project({ 'migrations/001_a.up.sql': 'CREATE TABLE a (id bigint);\n', 'migrations/002_b.up.sql': 'CREATE TABLE b (id bigint);\n', 'migrations/003_c.up.sql': 'CREATE TABLE c (id bigint);\n' });
    expect(cachedMatches(dir).code).toBe(0);
    // The last migration gets a down: the earlier ones, unchanged and before it, now need theirs.
    const after = afterWrite(dir, { 'migrations/003_c.down.sql': 'DROP TABLE IF EXISTS c;\n' }, { hit: 0, missed: 3 });
    expect(after.code).toBe(1);
    expect(rulesIn(after.stdout, '001_a.up.sql')).toEqual(['require-down-migration']);
    expect(rulesIn(after.stdout, '002_b.up.sql')).toEqual(['require-down-migration']);
  });

  it('re-analyses everything when the config changes: a severity, a rule option', () => {
    const dir = project({ 'migrations/001_orders.sql': ORDERS, 'migrations/002_index.sql': INDEX });
    expect(rulesIn(cachedMatches(dir).stdout, '002_index.sql')).toEqual(['require-concurrent-index-creation']);
    expect(cachedMatches(dir).hit).toBe(2);

    const off = afterWrite(dir, { '.migrationlintrc.json': JSON.stringify({ rules: { 'require-concurrent-index-creation': 'off' } }) }, { hit: 0, missed: 2 });
    expect(off.code).toBe(0);
    expect(rulesIn(off.stdout, '002_index.sql')).toEqual([]);

    const naming = (preset: string) => JSON.stringify({ rules: { 'require-concurrent-index-creation': 'off', 'naming-convention': ['error', { preset }] } });
    write(dir, { '.migrationlintrc.json': naming('prefixed') });
    expect(rulesIn(cachedMatches(dir).stdout, '002_index.sql')).toEqual([]);
    const postgres = afterWrite(dir, { '.migrationlintrc.json': naming('postgres') }, { hit: 0, missed: 2 });
    expect(rulesIn(postgres.stdout, '002_index.sql')).toContain('naming-convention');
  });

  it('reports a suppression that an earlier migration made unused, in an unchanged file', () => {
    const suppressed = `-- migrationlint-ignore changing-column-type -- orders is small\n${RETYPE}`;
    const dir = project({ 'migrations/001_orders.sql': ORDERS_INT, 'migrations/002_note.sql': suppressed });
    expect(rulesIn(cachedMatches(dir).stdout, '002_note.sql')).not.toContain('unused-suppression');
    // varchar(10) → text is binary-coercible: nothing left to suppress.
    const after = afterWrite(dir, { 'migrations/001_orders.sql': ORDERS }, { hit: 0, missed: 2 });
    expect(rulesIn(after.stdout, '002_note.sql')).toContain('unused-suppression');
  });

  it('drops the entries of deleted migrations from the cache file', () => {
    const dir = project({ 'migrations/001_orders.sql': ORDERS, 'migrations/002_index.sql': INDEX });
    cachedMatches(dir);
    remove(dir, 'migrations/002_index.sql');
    expect(cachedMatches(dir)).toMatchObject({ hit: 1, missed: 0 });
    afterWrite(dir, { 'migrations/002_index.sql': INDEX }, { hit: 1, missed: 1 });
  });
});
