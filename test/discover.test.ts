import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, decodeFileBytes, discover, DiscoveryError, migrationsFromFile, migrationsFromSources, type DiscoverOptions } from '../src/discover.js';
import { readSource } from '../src/discover/read.js';
import type { MigrationSet, SectionSource } from '../src/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/layouts/', import.meta.url));

const run = (cwd: string, opts: Partial<DiscoverOptions> = {}) =>
  discover({ cwd, patterns: ['migrations'], runner: 'auto', assumeInTransaction: false, ...opts });
const layout = (name: string, opts: Partial<DiscoverOptions> = {}) => run(path.join(fixtures, name), opts);

/** One row per migration: [id, version, name, layout, runner, up wrap, down wrap]. */
const summary = (set: MigrationSet) => set.migrations.map((m) => [m.id, m.version, m.name, m.layout, m.runner, m.up.wrap, m.down?.wrap]);

/** Every section must be an exact slice of its file. */
function expectSlices(set: MigrationSet) {
  for (const m of set.migrations) {
    for (const s of [m.up, m.down].filter((x): x is SectionSource => x !== undefined)) {
      const text = set.files.get(s.file)?.text ?? '';
      expect(text.slice(s.offset, s.offset + s.text.length)).toBe(s.text);
    }
  }
}

/** The 1-based line of the original file on which `needle` (found in the section) starts. */
function lineOf(set: MigrationSet, s: SectionSource | undefined, needle: string): number {
  if (!s) throw new Error('no section');
  const i = s.text.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return (set.files.get(s.file)?.text ?? '').slice(0, s.offset + i).split('\n').length;
}

const temps: string[] = [];
function tmp(files: Record<string, string | Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrationlint-discover-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('layouts (fixtures)', () => {
  it('plain: versions in numeric order, up only, migrationlint runner', async () => {
    const set = await layout('plain');
    expect(summary(set)).toEqual([
      ['1_create_users', '1', 'create_users', 'plain', 'migrationlint', 'auto', undefined],
      ['2_add_email_to_users', '2', 'add_email_to_users', 'plain', 'migrationlint', 'auto', undefined],
      ['10_index_users_email', '10', 'index_users_email', 'plain', 'migrationlint', 'auto', undefined],
    ]);
    expect(set.usesDown).toBe(false);
    expect(set.problems).toEqual([]);
    expect([...set.files.values()].map((f) => f.relPath)).toContain('migrations/V1__create_users.sql');
    expect(set.migrations[0]?.up.offset).toBe(0);
    expect(lineOf(set, set.migrations[0]?.up, 'CREATE TABLE users')).toBe(2);
    expectSlices(set);
  });

  it('plain: the configured runner decides the wrap', async () => {
    const wraps = async (runner: DiscoverOptions['runner']) => (await layout('plain', { runner })).migrations.map((m) => [m.runner, m.up.wrap]);
    const expected = { flyway: 'auto', 'golang-migrate': 'implicit', 'node-pg-migrate': 'whole-run', goose: 'wrapped' } as const;
    for (const [runner, wrap] of Object.entries(expected)) expect(await wraps(runner as DiscoverOptions['runner'])).toEqual(Array(3).fill([runner, wrap]));
  });

  it('up-down-files: pairs by stem, a missing down is fine', async () => {
    const set = await layout('up-down-files');
    expect(summary(set)).toEqual([
      ['000001_create_users', '000001', 'create_users', 'up-down-files', 'migrationlint', 'auto', 'auto'],
      ['000002_create_posts', '000002', 'create_posts', 'up-down-files', 'migrationlint', 'auto', 'auto'],
      ['000003_add_posts_title', '000003', 'add_posts_title', 'up-down-files', 'migrationlint', 'auto', undefined],
    ]);
    expect(set.migrations[1]?.up.file).toMatch(/000002_create_posts\.up\.sql$/);
    expect(set.migrations[1]?.down?.file).toMatch(/000002_create_posts\.down\.sql$/);
    expect(set.files.size).toBe(5);
    expect(set.usesDown).toBe(true);
    expect(lineOf(set, set.migrations[1]?.up, 'CREATE INDEX posts_user_id_idx')).toBe(7);
    expect(lineOf(set, set.migrations[1]?.down, 'DROP TABLE posts')).toBe(2);
    expectSlices(set);
  });

  it('up-down-dir: version and name from the directory (diesel dashes dropped)', async () => {
    const set = await layout('up-down-dir', { runner: 'diesel' });
    expect(summary(set)).toEqual([
      ['20190912100000_create_users', '20190912100000', 'create_users', 'up-down-dir', 'diesel', 'wrapped', 'wrapped'],
      ['20190913090000_create_posts', '20190913090000', 'create_posts', 'up-down-dir', 'diesel', 'wrapped', 'wrapped'],
      ['202403050930000000_add_posts_published_at', '202403050930000000', 'add_posts_published_at', 'up-down-dir', 'diesel', 'wrapped', 'wrapped'],
    ]);
    expect(set.migrations[0]?.up.file).toMatch(/2019-09-12-100000_create_users\/up\.sql$/);
    expect(lineOf(set, set.migrations[0]?.up, 'CREATE TABLE users')).toBe(2);
    expectSlices(set);
  });

  it('dbmate: markers, transaction:false per direction, empty down kept', async () => {
    const set = await layout('dbmate');
    expect(summary(set)).toEqual([
      ['20230101120000_create_users', '20230101120000', 'create_users', 'dbmate', 'dbmate', 'wrapped', 'wrapped'],
      ['20230102120000_index_users_email', '20230102120000', 'index_users_email', 'dbmate', 'dbmate', 'implicit', 'implicit'],
      ['20230103120000_add_users_name', '20230103120000', 'add_users_name', 'dbmate', 'dbmate', 'wrapped', 'wrapped'],
    ]);
    const [first, , third] = set.migrations;
    expect(first?.up.text).not.toContain('migrate:');
    expect(first?.down?.text.trim()).toBe('DROP TABLE users;');
    expect(lineOf(set, first?.up, 'CREATE TABLE users')).toBe(2);
    expect(lineOf(set, first?.down, 'DROP TABLE users')).toBe(8);
    expect(third?.down?.text.trim()).toBe('');
    expect(set.problems).toEqual([]);
    expectSlices(set);
  });

  it('goose: Up/Down (any case), NO TRANSACTION, StatementBegin/End kept', async () => {
    const set = await layout('goose');
    expect(summary(set)).toEqual([
      ['00001_create_users', '00001', 'create_users', 'goose', 'goose', 'wrapped', 'wrapped'],
      ['00002_touch_updated_at', '00002', 'touch_updated_at', 'goose', 'goose', 'wrapped', 'wrapped'],
      ['00003_index_users_email', '00003', 'index_users_email', 'goose', 'goose', 'none', 'none'],
    ]);
    const fn = set.migrations[1];
    expect(fn?.up.text).toContain('-- +goose StatementBegin');
    expect(fn?.up.text).toContain('-- +goose StatementEnd');
    expect(fn?.up.text).not.toContain('DROP TRIGGER');
    expect(lineOf(set, fn?.up, 'CREATE OR REPLACE FUNCTION')).toBe(3);
    expect(lineOf(set, fn?.up, 'CREATE TRIGGER')).toBe(12);
    expect(lineOf(set, fn?.down, 'DROP TRIGGER')).toBe(17);
    expectSlices(set);
  });

  it('sections: metadata overrides the file name; malformed metadata is a problem', async () => {
    const set = await layout('sections');
    expect(summary(set)).toEqual([
      ['1.0_users_table', '1.0', 'users_table', 'sections', 'migrationlint', 'auto', 'auto'],
      ['002_add_users_name', '002', 'add_users_name', 'sections', 'migrationlint', 'auto', 'auto'],
      ['003_index_users_email', '003', 'index_users_email', 'sections', 'migrationlint', 'auto', undefined],
    ]);
    const [users, name] = set.migrations;
    expect(users?.metadata).toEqual({ version: '1.0', name: 'users_table', author: 'ana', ticket: 'DB-12' });
    expect(lineOf(set, users?.up, 'CREATE TABLE users')).toBe(3);
    expect(lineOf(set, users?.down, 'DROP TABLE users')).toBe(9);
    expect(name?.metadata).toBeUndefined();
    expect(name?.up.text.trim()).toBe('ALTER TABLE users ADD COLUMN name text;');
    expect(set.problems).toHaveLength(1);
    const p = set.problems[0];
    const text = set.files.get(p?.file ?? '')?.text ?? '';
    expect(p?.ruleId).toBe('malformed-metadata');
    expect(text.slice(p?.span.start, p?.span.end)).toBe('{"author": "bo", "ticket": DB-13}');
    expect(p?.message).toMatch(/^malformed @metadata JSON: .*(Unexpected token|not valid JSON)/);
    expectSlices(set);
  });

  it('alembic: one transaction for the whole file', async () => {
    const set = await layout('alembic', { patterns: ['migrations/single_transaction.sql'] });
    expect(summary(set)).toEqual([
      ['1975ea83b712_1975ea83b712', '1975ea83b712', '1975ea83b712', 'alembic', 'alembic', 'wrapped', undefined],
      ['ae1027a6acf_ae1027a6acf', 'ae1027a6acf', 'ae1027a6acf', 'alembic', 'alembic', 'wrapped', undefined],
    ]);
    const [a, b] = set.migrations;
    for (const s of [a?.up.text, b?.up.text]) expect(s).not.toMatch(/BEGIN;|COMMIT;|CREATE TABLE alembic_version|Running upgrade/);
    expect(lineOf(set, a?.up, 'CREATE TABLE account')).toBe(10);
    expect(lineOf(set, b?.up, 'ALTER TABLE account')).toBe(21);
    expect(b?.up.text.trim()).toMatch(/WHERE alembic_version.version_num = '1975ea83b712';$/);
    expectSlices(set);
  });

  it('alembic: transaction_per_migration keeps each BEGIN/COMMIT inside its section', async () => {
    const set = await layout('alembic', { patterns: ['migrations/per_migration.sql'] });
    expect(set.migrations.map((m) => [m.version, m.up.wrap])).toEqual([
      ['27c6a30d7c24', 'none'],
      ['3512b954651e', 'none'],
      ['4a1b2c3d4e5f', 'none'],
    ]);
    for (const m of set.migrations) {
      expect(m.up.text.match(/^BEGIN;$/gm)).toHaveLength(1);
      expect(m.up.text.match(/^COMMIT;$/gm)).toHaveLength(1);
    }
    expect(set.migrations[0]?.up.offset).toBe(0);
    expect(lineOf(set, set.migrations[1]?.up, 'ALTER TABLE orders')).toBe(24);
    expect(lineOf(set, set.migrations[2]?.up, 'CREATE INDEX ix_orders_placed_at')).toBe(34);
    expectSlices(set);
  });

  it('alembic: revisions keep file order, hashes are not sorted', () => {
    const text = 'BEGIN;\n\n-- Running upgrade  -> ffff01\n\nSELECT 1;\n\n-- Running upgrade ffff01 -> 0000aa, add things\n\nSELECT 2;\n\nCOMMIT;\n';
    const { migrations } = migrationsFromFile('/m/upgrade.sql', text, 'auto', false);
    expect(migrations.map((m) => [m.version, m.name, m.up.text.trim()])).toEqual([
      ['ffff01', 'ffff01', 'SELECT 1;'],
      ['0000aa', 'add things', 'SELECT 2;'],
    ]);
  });

  it('assumeInTransaction wraps every section', async () => {
    const set = await layout('dbmate', { assumeInTransaction: true });
    expect(set.migrations.flatMap((m) => [m.up.wrap, m.down?.wrap])).toEqual(Array(6).fill('wrapped'));
  });

  it('invalid: empty and comment-only files are migrations with a problem; a lone down is invalid', async () => {
    const dir = path.join(fixtures, 'invalid');
    const set = await run(dir, { patterns: ['.'] });
    expect(set.migrations.map((m) => m.id)).toEqual(['001_empty', '002_only_comments']);
    expect(set.problems.map((p) => [path.basename(p.file), p.ruleId, p.message, p.span])).toEqual([
      ['001_empty.sql', 'empty-migration', 'file holds no SQL (only whitespace or comments)', { start: 0, end: 0 }],
      ['002_only_comments.sql', 'empty-migration', 'file holds no SQL (only whitespace or comments)', { start: 0, end: 0 }],
      ['003_orphan.down.sql', 'invalid-file', 'down migration without an up migration', { start: 0, end: 0 }],
    ]);
    expect(set.files.size).toBe(3);
  });
});

describe('reading files', () => {
  it('reports non-UTF-8 and NUL bytes, strips a BOM', async () => {
    const dir = tmp({
      'migrations/001_latin1.sql': new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9]),
      'migrations/002_nul.sql': 'SELECT 1;\0',
      'migrations/003_bom.sql': '\uFEFF-- migrate:up\nSELECT 1;\n',
    });
    const set = await run(dir);
    expect(set.problems.map((p) => [path.basename(p.file), p.ruleId, p.message])).toEqual([
      ['001_latin1.sql', 'invalid-file', 'not a UTF-8 text file'],
      ['002_nul.sql', 'invalid-file', 'binary file (NUL byte at offset 9)'],
    ]);
    expect(set.migrations.map((m) => [m.id, m.layout, m.up.offset])).toEqual([['003_bom', 'dbmate', 14]]);
    expect(set.files.get(path.join(dir, 'migrations/003_bom.sql'))).toMatchObject({ bom: true, text: expect.stringMatching(/^-- migrate:up/) });
    expectSlices(set);
    // The mark is remembered: code scanning's line hash counts it (src/reporters/line-hash.ts).
    expect(decodeFileBytes('/x.sql', new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ text: 'A', bom: true });
    expect(decodeFileBytes('/x.sql', new Uint8Array([0x41]))).toEqual({ text: 'A' });
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file instead of throwing', async () => {
    const dir = tmp({ 'migrations/001_secret.sql': 'SELECT 1;' });
    fs.chmodSync(path.join(dir, 'migrations/001_secret.sql'), 0);
    const set = await run(dir);
    expect(set.problems[0]).toMatchObject({ ruleId: 'invalid-file', message: expect.stringContaining('EACCES') });
  });

  it('turns a read error into an invalid-file problem', async () => {
    const dir = tmp({ 'x/1.sql': 'SELECT 1;' });
    const read = await readSource(path.join(dir, 'x'));
    expect(read.problem).toMatchObject({ ruleId: 'invalid-file', message: expect.stringContaining('EISDIR'), span: { start: 0, end: 0 } });
  });

  it('throws DiscoveryError naming a pattern that matches nothing', async () => {
    const dir = tmp({ 'migrations/001_a.sql': 'SELECT 1;', 'empty/readme.txt': 'x' });
    await expect(run(dir, { patterns: ['nope'] })).rejects.toThrow(DiscoveryError);
    await expect(run(dir, { patterns: ['nope'] })).rejects.toThrow(/"nope"/);
    await expect(run(dir, { patterns: ['migrations/*.psql'] })).rejects.toThrow(/"migrations\/\*\.psql"/);
    await expect(run(dir, { patterns: ['empty'] })).rejects.toThrow(/no \.sql files in directory "empty"/);
  });

  it('expands globs and explicit files; skips node_modules and dot directories', async () => {
    const dir = tmp({
      'db/001_a.sql': 'SELECT 1;',
      'db/002_b.sql': 'SELECT 2;',
      'db/node_modules/x/003_c.sql': 'SELECT 3;',
      'db/.hidden/004_d.sql': 'SELECT 4;',
      'db/sub/005_e.SQL': 'SELECT 5;',
      'extra/006_f.pgsql': 'SELECT 6;',
    });
    expect((await run(dir, { patterns: ['db'] })).migrations.map((m) => m.id)).toEqual(['001_a', '002_b', '005_e']);
    expect((await run(dir, { patterns: ['db/00[2-9]_*.sql'] })).migrations.map((m) => m.id)).toEqual(['002_b']);
    const abs = path.join(dir, 'extra/006_f.pgsql');
    const set = await run(dir, { patterns: ['db/001_a.sql', abs] });
    expect(set.migrations.map((m) => m.id)).toEqual(['001_a', '006_f']);
    expect(set.files.get(abs)?.relPath).toBe('extra/006_f.pgsql');
  });

  it('uses overrides instead of the disk, and override-only files named explicitly', async () => {
    const dir = tmp({ 'migrations/001_a.sql': 'SELECT 1;' });
    const unsaved = path.join(dir, 'migrations/002_new.sql');
    const overrides = new Map([
      [path.join(dir, 'migrations/001_a.sql'), '-- +goose Up\nSELECT 42;\n'],
      [unsaved, 'SELECT 2;'],
    ]);
    const set = await run(dir, { patterns: ['migrations', 'migrations/002_new.sql'], overrides });
    expect(set.migrations.map((m) => [m.id, m.layout, m.up.text.trim()])).toEqual([
      ['001_a', 'goose', 'SELECT 42;'],
      ['002_new', 'plain', 'SELECT 2;'],
    ]);
  });
});

describe('versions and ids', () => {
  it('compareVersions: numeric, timestamps, natural', () => {
    expect(compareVersions('2', '10')).toBeLessThan(0);
    expect(compareVersions('20230101120000', '20221231235959')).toBeGreaterThan(0);
    expect(compareVersions('99999999999', '100000000000')).toBeLessThan(0);
    expect(compareVersions('20190912100000', '201909130900000000')).toBeLessThan(0); // diesel 1 vs 2 precision
    expect(compareVersions('20260730140000', '202607301400000000')).toBeLessThan(0);
    expect(compareVersions('001', '1')).toBe(0);
    expect(compareVersions('1.2', '1.10')).toBeLessThan(0);
    expect(compareVersions('1', '1.1')).toBeLessThan(0);
    expect(compareVersions('9_x', 'create_users')).toBeLessThan(0);
    expect(['v10', 'v9', 'a2', 'a10', '3'].sort(compareVersions)).toEqual(['3', 'a2', 'a10', 'v9', 'v10']);
  });

  it('reads versions from the usual file names', () => {
    const parse = (file: string) => {
      const m = migrationsFromFile(`/m/${file}`, 'SELECT 1;', 'auto', false).migrations[0];
      return [m?.version, m?.name, m?.id];
    };
    expect(parse('V1__create_users.sql')).toEqual(['1', 'create_users', '1_create_users']);
    expect(parse('V1_1__fix_users.sql')).toEqual(['1.1', 'fix_users', '1.1_fix_users']);
    expect(parse('v2-add-x.sql')).toEqual(['2', 'add-x', '2_add-x']);
    expect(parse('0001-name.sql')).toEqual(['0001', 'name', '0001_name']);
    expect(parse('001_init.up.sql')).toEqual(['001', 'init', '001_init']);
    expect(parse('20230101120000_add_x.sql')).toEqual(['20230101120000', 'add_x', '20230101120000_add_x']);
    expect(parse('42.sql')).toEqual(['42', '', '42']);
    expect(parse('00background_updates.sql')).toEqual(['00background_updates', '00background_updates', '/m/00background_updates.sql']);
    expect(parse('seed_users.sql')).toEqual(['seed_users', 'seed_users', '/m/seed_users.sql']);
  });

  it('orders files by version, then path; duplicate ids get the path', async () => {
    const dir = tmp({ 'a/2_x.sql': 'SELECT 1;', 'b/2_x.sql': 'SELECT 1;', 'a/10_y.sql': 'SELECT 1;', 'a/1_z.sql': 'SELECT 1;', 'a/seed.sql': 'SELECT 1;' });
    const set = await run(dir, { patterns: ['a', 'b'] });
    expect(set.migrations.map((m) => m.id)).toEqual(['1_z', '2_x@a/2_x.sql', '2_x@b/2_x.sql', '10_y', 'a/seed.sql']);
  });
});

describe('migrationsFromFile and edge cases', () => {
  it('reports NUL bytes and empty up sections', () => {
    expect(migrationsFromFile('/v/1.sql', 'SELECT 1;\0', 'auto', false)).toEqual({
      migrations: [],
      problems: [{ file: '/v/1.sql', ruleId: 'invalid-file', message: 'binary file (NUL byte at offset 9)', span: { start: 0, end: 0 } }],
    });
    const text = '-- migrate:up\n-- nothing yet\n-- migrate:down\nSELECT 1;\n';
    const { migrations, problems } = migrationsFromFile('/v/1_a.sql', text, 'auto', false);
    expect(migrations).toHaveLength(1);
    expect(problems).toEqual([{ file: '/v/1_a.sql', ruleId: 'empty-migration', message: 'up section holds no SQL (only whitespace or comments)', span: { start: 14, end: 14 } }]);
  });

  it('pairs name.sql with name.down.sql among in-memory sources', () => {
    const files = [
      { path: '/v/001_a.sql', relPath: '001_a.sql', text: 'CREATE TABLE a ();' },
      { path: '/v/001_a.down.sql', relPath: '001_a.down.sql', text: 'DROP TABLE a;' },
    ];
    const { migrations, problems } = migrationsFromSources(files, 'auto', false);
    expect(problems).toEqual([]);
    expect(migrations.map((m) => [m.id, m.layout, m.up.file, m.down?.file])).toEqual([['001_a', 'up-down-files', '/v/001_a.sql', '/v/001_a.down.sql']]);
  });

  it('handles CRLF files', () => {
    const text = '-- +goose Up\r\nCREATE TABLE t (id int);\r\n-- +goose Down\r\nDROP TABLE t;\r\n';
    const [m] = migrationsFromFile('/v/1_t.sql', text, 'auto', false).migrations;
    expect(m?.up).toMatchObject({ offset: 14, text: 'CREATE TABLE t (id int);\r\n' });
    expect(m?.down).toMatchObject({ offset: 56, text: 'DROP TABLE t;\r\n' });
  });

  it('reports marker misuse: SQL before up, down before up, repeated markers', () => {
    const problems = (text: string) => migrationsFromFile('/v/1.sql', text, 'auto', false).problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]);
    expect(problems('SELECT 0;\n-- migrate:up\nSELECT 1;\n')).toEqual([["SQL before '-- migrate:up' belongs to no section and is not checked", 'SELECT 0;']]);
    expect(problems('-- +goose Down\nSELECT 0;\n-- +goose Up\nSELECT 1;\n')).toEqual([["'-- +goose Down' comes before '-- +goose Up'", '-- +goose Down']]);
    expect(problems('-- UP\nSELECT 1;\n-- UP\nSELECT 2;\n')).toEqual([["repeated '-- UP' marker: only the first one starts a section", '-- UP']]);
    expect(problems('-- @metadata [1]\nSELECT 1;\n')).toEqual([['@metadata must be a JSON object', '[1]']]);
  });

  it('sqlx: `-- no-transaction` on the first line turns the wrap off (the file is still one query)', () => {
    const [m] = migrationsFromFile('/v/1_x.sql', '-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);', 'sqlx', false).migrations;
    expect([m?.runner, m?.up.wrap]).toEqual(['sqlx', 'implicit']);
  });
});

describe('popx (ory/kratos) layout', () => {
  it('pairs <v>_<name>.postgres.up.sql with <v>_<name>.down.sql, prefers the postgres variant, skips other dialects, runs .autocommit. outside a transaction', () => {
    const files = [
      ['/m/001_init.postgres.up.sql', 'CREATE TABLE a (id int);'],
      ['/m/001_init.up.sql', 'CREATE TABLE a (id integer);'],
      ['/m/001_init.mysql.up.sql', 'CREATE TABLE a (id int) ENGINE=InnoDB;'],
      ['/m/001_init.down.sql', 'DROP TABLE a;'],
      ['/m/002_idx.postgres.autocommit.up.sql', 'CREATE INDEX CONCURRENTLY i ON a (id);'],
      ['/m/002_idx.postgres.down.sql', 'DROP INDEX i;'],
    ].map(([path, text]) => ({ path, relPath: path.slice(1), text }));
    const { migrations, problems } = migrationsFromSources(files, 'auto', false);
    expect(problems).toEqual([]);
    expect(migrations.map((m) => [m.version, m.name, m.up.file, m.down?.file, m.up.wrap])).toEqual([
      ['001', 'init', '/m/001_init.postgres.up.sql', '/m/001_init.down.sql', 'wrapped'],
      ['002', 'idx', '/m/002_idx.postgres.autocommit.up.sql', '/m/002_idx.postgres.down.sql', 'none'],
    ]);
  });
});
