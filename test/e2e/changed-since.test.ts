import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git.js';

const CONFIG = JSON.stringify({ migrations: ['migrations'] });
const OLD_RISKY = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\nDELETE FROM orders;\n';

/** main has two old migrations, one of them risky (history); a branch adds new ones. */
function branchRepo() {
  const repo = gitRepo({ '.migrationlintrc.json': CONFIG, 'migrations/001_orders.sql': OLD_RISKY, 'migrations/002_note.sql': 'ALTER TABLE orders ADD COLUMN note text;\n' });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'history');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

/** "file rule" for each gcc finding line of the rules these tests are about (other rules may fire too). */
const ABOUT = new Set(['require-concurrent-index-creation', 'ban-delete-without-where', 'adding-required-field', 'ban-update-without-where']);
const rulesByFile = (stdout: string) =>
  stdout
    .split('\n')
    .map((l) => /^([^:]+):\d+:\d+: (?:error|warning): .*\[([a-z-]+)\]$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && ABOUT.has(m[2]))
    .map((m) => `${m[1]} ${m[2]}`);
const filesOf = (stdout: string) => [...new Set(stdout.split('\n').map((l) => /^([^:]+):\d+:\d+: /.exec(l)?.[1]).filter(Boolean))];

describe('lint --changed-since', () => {
  it('reports only migrations added or modified since the ref, committed or not', () => {
    const repo = branchRepo();
    repo.write({ 'migrations/003_index.sql': 'CREATE INDEX orders_note_idx ON orders (note);\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'index');
    repo.write({ 'migrations/004_purge.sql': 'DELETE FROM orders;\n' }); // untracked, not yet committed
    const run = runCli(['lint', '--changed-since', 'main', '-f', 'gcc'], { cwd: repo.dir });
    expect(rulesByFile(run.stdout)).toEqual(['migrations/003_index.sql require-concurrent-index-creation', 'migrations/004_purge.sql ban-delete-without-where']);
    expect(filesOf(run.stdout)).toEqual(['migrations/003_index.sql', 'migrations/004_purge.sql']);
    expect(run.code).toBe(1);
    // Without the flag, the history is reported too.
    expect(rulesByFile(runCli(['lint', '-f', 'gcc'], { cwd: repo.dir }).stdout)).toContain('migrations/001_orders.sql ban-delete-without-where');
  });

  it('reads the earlier migrations for facts while reporting only the changed ones', () => {
    // Only the old migrations have downs: the set "uses downs", so the new one needs its down.
    const repo = gitRepo({ '.migrationlintrc.json': CONFIG, 'migrations/001_orders.up.sql': OLD_RISKY, 'migrations/001_orders.down.sql': 'DROP TABLE orders;\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'history');
    // A table created in the same migration is new: its index is not flagged.
    repo.write({ 'migrations/002_items.up.sql': 'CREATE TABLE items (id bigint);\nCREATE INDEX items_id_idx ON items (id);\nCREATE INDEX orders_id_idx ON orders (id);\n' });
    const run = runCli(['lint', '--changed-since', 'HEAD', '-f', 'json'], { cwd: repo.dir });
    const entries = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>;
    const about = new Set(['require-down-migration', 'require-concurrent-index-creation']);
    expect(entries.map((e) => [e.filePath.slice(repo.dir.length + 1), e.messages.filter((m) => about.has(m.ruleId)).map((m) => `${m.ruleId}@${m.line}`)])).toEqual([
      ['migrations/002_items.up.sql', ['require-down-migration@1', 'require-concurrent-index-creation@3']],
    ]);
  });

  it('lints a modified old migration, and nothing when nothing changed (exit 0)', () => {
    const repo = branchRepo();
    expect(runCli(['lint', '--changed-since', 'main'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '' });
    repo.write({ 'migrations/002_note.sql': 'ALTER TABLE orders ADD COLUMN note text NOT NULL;\n' });
    const run = runCli(['lint', '--changed-since', 'main', '-f', 'gcc'], { cwd: repo.dir });
    expect(rulesByFile(run.stdout)).toEqual(['migrations/002_note.sql adding-required-field']);
    expect(filesOf(run.stdout)).toEqual(['migrations/002_note.sql']);
  });

  it('knows a changed file by its real path: through a linked directory, and behind a linked migration', () => {
    const repo = gitRepo({
      '.migrationlintrc.json': JSON.stringify({ migrations: ['db'] }),
      'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n',
      'shared/purge.sql': 'SELECT 1;\n',
    });
    symlinkSync('migrations', join(repo.dir, 'db'));
    symlinkSync(join('..', 'shared', 'purge.sql'), join(repo.dir, 'migrations', '003_purge.sql'));
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'history');
    // git lists migrations/002_index.sql and shared/purge.sql; the set names db/002_index.sql and db/003_purge.sql.
    repo.write({ 'migrations/002_index.sql': 'CREATE INDEX orders_note_idx ON orders (note);\n', 'shared/purge.sql': 'DELETE FROM orders;\n' });
    const run = runCli(['lint', '--changed-since', 'HEAD', '-f', 'gcc'], { cwd: repo.dir });
    expect(rulesByFile(run.stdout)).toEqual(['db/002_index.sql require-concurrent-index-creation', 'db/003_purge.sql ban-delete-without-where']);
  });

  it('uses the merge base: migrations added on main after the branch point are not the branch\'s', () => {
    const repo = branchRepo();
    repo.write({ 'migrations/003_branch.sql': 'DELETE FROM orders;\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'branch work');
    repo.git('checkout', '-q', 'main');
    repo.write({ 'migrations/003_main.sql': 'UPDATE orders SET note = 1;\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'main work');
    repo.git('checkout', '-q', 'feature');
    const run = runCli(['lint', '--changed-since', 'main', '-f', 'gcc'], { cwd: repo.dir });
    expect(rulesByFile(run.stdout)).toEqual(['migrations/003_branch.sql ban-delete-without-where']);
    expect(filesOf(run.stdout)).toEqual(['migrations/003_branch.sql']);
  });

  it('refuses an unknown ref and an option-looking ref (exit 2)', () => {
    const repo = branchRepo();
    const unknown = runCli(['lint', '--changed-since', 'no-such-branch'], { cwd: repo.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git ref "no-such-branch"');
    const dashed = runCli(['lint', '--changed-since=--output=/tmp/x'], { cwd: repo.dir });
    expect(dashed.code).toBe(2);
    expect(dashed.stderr).toContain('is not a git ref');
  });

  // The config from cwd is loaded and its set discovered while git answers (src/changed-since-prefetch.ts).
  it('says what git refused before what is wrong with the config it started reading meanwhile', () => {
    const repo = branchRepo();
    repo.write({ '.migrationlintrc.json': '{"migrations": 5}' });
    for (const cache of [[], ['--cache']]) {
      const run = runCli(['lint', '--changed-since', 'no-such-branch', ...cache], { cwd: repo.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('unknown git ref "no-such-branch"');
      expect(run.stderr).not.toContain('internal error');
    }
  });

  it('lints a changed file of a nested config with its own set, not the set of the config found from cwd', () => {
    const repo = gitRepo({ '.migrationlintrc.json': CONFIG, 'migrations/001_orders.sql': OLD_RISKY, 'svc/.migrationlintrc.json': JSON.stringify({ migrations: ['db'] }), 'svc/db/001_items.sql': 'CREATE TABLE items (id bigint);\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'history');
    const lintChanged = (cache: string[]) => rulesByFile(runCli(['lint', '--changed-since', 'HEAD', '-f', 'gcc', ...cache], { cwd: repo.dir }).stdout);
    repo.write({ 'svc/db/002_items_index.sql': 'CREATE INDEX items_id_idx ON items (id);\n' });
    for (const cache of [[], ['--cache'], ['--cache']]) expect(lintChanged(cache)).toEqual(['svc/db/002_items_index.sql require-concurrent-index-creation']);
    repo.write({ 'migrations/002_purge.sql': 'DELETE FROM orders;\n' });
    for (const cache of [[], ['--cache']]) expect(lintChanged(cache)).toEqual(['migrations/002_purge.sql ban-delete-without-where', 'svc/db/002_items_index.sql require-concurrent-index-creation']);
  });
});
