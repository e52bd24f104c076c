// orm.execute's switch and dispatch through the CLI: the config key and --orm-execute, the note a
// set gets when its ORM cannot be run, and the static translation it keeps then.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'ml-orm-exec-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

// A Knex migration in a project that has no knex installed.
const KNEX = `exports.up = async function (knex) {
  await knex.raw('create index "orders_status_idx" on "orders" ("status")');
};
exports.down = (knex) => knex.raw('drop index "orders_status_idx"');
`;
const FILE = 'migrations/20240101000000_orders_status_idx.js';

describe('orm.execute', () => {
  it('is off by default; --orm-execute asks for it, and a set whose ORM is not installed keeps its static translation with one note', () => {
    const dir = project('knex', { [FILE]: KNEX });
    const plain = runCli(['lint', '-f', 'json', 'migrations'], { cwd: dir });
    const executed = runCli(['lint', '-f', 'json', '--orm-execute', 'migrations'], { cwd: dir });
    expect(plain.stderr).not.toContain('orm.execute');
    expect(executed.stderr).toContain(`migrationlint: orm.execute: knex is not installed in ${path.join(dir, 'migrations')}; static translation used\n`);
    expect(executed.code).toBe(plain.code);
    expect(JSON.parse(executed.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(JSON.stringify(JSON.parse(plain.stdout))).toContain('require-concurrent-index-creation');
  });

  it('reads orm.execute from the config, and explain takes --orm-execute too', () => {
    const dir = project('knex-config', { [FILE]: KNEX, '.migrationlintrc.json': JSON.stringify({ migrations: ['migrations'], orm: { execute: true } }) });
    expect(runCli(['lint'], { cwd: dir }).stderr).toContain('orm.execute: knex is not installed');
    const explained = runCli(['explain', '--orm-execute', 'migrations'], { cwd: dir });
    expect(explained.code).toBe(0);
    expect(explained.stderr).toContain('orm.execute: knex is not installed');
  });

  it('rejects a malformed orm setting with its path (exit 2)', () => {
    const dir = project('bad-config', { [FILE]: KNEX, '.migrationlintrc.json': '{\n  "orm": { "execute": "yes" }\n}\n' });
    const run = runCli(['lint'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.migrationlintrc\.json:2:\d+.*orm\.execute/);
  });
});
