// `migrationlint new NAME` in every layout the set can have.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { nextVersionText, newMigration, slugify } from '../../src/apply/new-migration.js';
import { runApplyCli } from './run-cli.js';
import { REPO } from './util.js';

const NOW = new Date('2025-06-07T08:09:10Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function layoutProject(layout: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-new-'));
  dirs.push(dir);
  if (layout) cpSync(path.join(REPO, 'fixtures/layouts', layout), dir, { recursive: true });
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations' }));
  return dir;
}

async function create(dir: string, name: string) {
  const config = await loadConfig({ cwd: dir });
  const res = await newMigration({ cwd: dir, config, name, now: NOW });
  return { ...res, rel: res.files.map((f) => path.relative(dir, f)), texts: res.files.map((f) => readFileSync(f, 'utf8')) };
}

describe('newMigration', () => {
  it.each([
    ['up-down-files', ['migrations/000004_add_orders.up.sql', 'migrations/000004_add_orders.down.sql'], 'up-down-files'],
    ['plain', ['migrations/V11__add_orders.sql'], 'plain'],
    ['goose', ['migrations/00004_add_orders.sql'], 'goose'],
    ['dbmate', ['migrations/20250607080910_add_orders.sql'], 'dbmate'],
    ['sections', ['migrations/004_add_orders.sql'], 'sections'],
  ])('%s: next version, same layout', async (layout, expected, expectedLayout) => {
    const dir = layoutProject(layout);
    const res = await create(dir, 'Add orders');
    expect(res.rel).toEqual(expected);
    expect(res.layout).toBe(expectedLayout);
  });

  it('writes the markers of the layout, so the new file is read back as up + down', async () => {
    const goose = await create(layoutProject('goose'), 'x');
    expect(goose.texts[0]).toBe('-- +goose Up\n-- Write the forward migration here.\n\n-- +goose Down\n-- Write what undoes it here.\n');
    const dbmate = await create(layoutProject('dbmate'), 'x');
    expect(dbmate.texts[0]).toMatch(/^-- migrate:up\n[\s\S]*\n-- migrate:down\n/);
    const sections = await create(layoutProject('sections'), 'x');
    expect(sections.texts[0]).toMatch(/^-- UP\n[\s\S]*\n-- DOWN\n/);
  });

  it('up-down-dir (diesel): a new directory with up.sql and down.sql', async () => {
    const dir = layoutProject('up-down-dir');
    const res = await create(dir, 'add orders');
    expect(res.rel).toEqual(['migrations/2025-06-07-080910-0000_add_orders/up.sql', 'migrations/2025-06-07-080910-0000_add_orders/down.sql']);
  });

  it('an empty set: up-down files named by UTC timestamp in the configured directory', async () => {
    const dir = layoutProject(undefined);
    const res = await create(dir, 'create users');
    expect(res.rel).toEqual(['migrations/20250607080910_create_users.up.sql', 'migrations/20250607080910_create_users.down.sql']);
    expect(res.version).toBe('20250607080910');
  });

  it('refuses alembic sets, unusable names, and never overwrites', async () => {
    await expect(create(layoutProject('alembic'), 'x')).rejects.toThrow(/create the revision with alembic/);
    await expect(create(layoutProject('goose'), '   ---  ')).rejects.toThrow(/not a usable migration name/);
    const dir = layoutProject('up-down-files');
    writeFileSync(path.join(dir, 'migrations/000004_clash.down.sql'), 'DROP TABLE x;\n');
    await expect(create(dir, 'clash')).rejects.toThrow(/000004_clash\.down\.sql already exists/);
    expect(existsSync(path.join(dir, 'migrations/000004_clash.up.sql'))).toBe(false);
  });
});

describe('nextVersionText', () => {
  it('keeps the format', () => {
    expect(nextVersionText('0009', NOW)).toBe('0010');
    expect(nextVersionText('99', NOW)).toBe('100');
    expect(nextVersionText('20230101120000', NOW)).toBe('20250607080910');
    expect(nextVersionText('2019-09-12-100000', NOW)).toBe('2025-06-07-080910');
    // A timestamp from the future (clock skew): still strictly after it.
    expect(nextVersionText('20300101000000', NOW)).toBe('20300101000001');
    expect(nextVersionText('1.2', NOW)).toBe('2');
    expect(() => nextVersionText('abc', NOW)).toThrow(/cannot tell/);
  });

  it('slugify', () => {
    expect(slugify(' Add Orders-Status! ')).toBe('add_orders_status');
  });
});

describe('migrationlint new (CLI)', () => {
  it('prints the created files; the new migration then lints as an empty migration', async () => {
    const dir = layoutProject('up-down-files');
    const run = await runApplyCli(['new', 'add orders'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('migrations/000004_add_orders.up.sql\nmigrations/000004_add_orders.down.sql\n');
    expect(readdirSync(path.join(dir, 'migrations'))).toContain('000004_add_orders.down.sql');
    const bad = await runApplyCli(['new', '%%%'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"%%%" is not a usable migration name');
  });
});
