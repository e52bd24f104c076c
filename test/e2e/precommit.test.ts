import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, repoRoot, runCli } from '../helpers/cli.js';
import { gitRepo, type GitRepo } from '../helpers/git.js';

const CONFIG = JSON.stringify({ migrations: ['db/migrations'] });
const CREATE = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n';
const BAD = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
const GOOD = 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n';

/** A repository with one committed migration and a real .git/hooks/pre-commit running `lint --staged`. */
function repoWithHook(): GitRepo {
  const repo = gitRepo({ '.migrationlintrc.json': CONFIG, 'db/migrations/001_orders.sql': CREATE });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'orders');
  const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${bin}" lint --staged\n`);
  chmodSync(hook, 0o755);
  return repo;
}

const commits = (repo: GitRepo) => Number(repo.git('rev-list', '--count', 'HEAD').trim());

describe('pre-commit hook with lint --staged', () => {
  it('rejects a commit with a bad migration and shows the finding', () => {
    const repo = repoWithHook();
    repo.write({ 'db/migrations/002_index.sql': BAD });
    repo.git('add', '-A');
    const commit = repo.tryGit('commit', '-m', 'index');
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain('db/migrations/002_index.sql');
    expect(commit.output).toContain('require-concurrent-index-creation');
    expect(commits(repo)).toBe(1);
  });

  it('lets a good migration, and a bad one with a reasoned suppression, through', () => {
    const repo = repoWithHook();
    repo.write({ 'db/migrations/002_index.sql': GOOD });
    repo.git('add', '-A');
    expect(repo.tryGit('commit', '-m', 'good').code).toBe(0);
    repo.write({ 'db/migrations/003_purge.sql': '-- migrationlint-ignore ban-delete-without-where -- the table is a cache\nDELETE FROM order_cache;\n' });
    repo.git('add', '-A');
    expect(repo.tryGit('commit', '-m', 'suppressed').code).toBe(0);
    expect(commits(repo)).toBe(3);
  });

  it('lints the staged content, not the working tree', () => {
    const repo = repoWithHook();
    repo.write({ 'db/migrations/002_index.sql': BAD });
    repo.git('add', '-A');
    repo.write({ 'db/migrations/002_index.sql': GOOD }); // fixed, but not staged
    expect(repo.tryGit('commit', '-m', 'bad staged').code).not.toBe(0);
    repo.git('add', '-A');
    repo.write({ 'db/migrations/002_index.sql': BAD }); // broken again, but not staged
    expect(repo.tryGit('commit', '-m', 'good staged').code).toBe(0);
  });

  it('ignores .sql files outside the configured migration sets', () => {
    const repo = repoWithHook();
    repo.write({ 'scripts/cleanup.sql': 'DELETE FROM sessions;\n', 'db/migrations/002_index.sql': GOOD });
    repo.git('add', '-A');
    expect(repo.tryGit('commit', '-m', 'script').code).toBe(0);
  });

  it('reads earlier migrations for facts: a set that uses downs needs the new migration\'s down', () => {
    const repo = gitRepo({
      '.migrationlintrc.json': CONFIG,
      'db/migrations/001_orders.up.sql': CREATE,
      'db/migrations/001_orders.down.sql': 'DROP TABLE orders;\n',
    });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'orders');
    repo.write({ 'db/migrations/002_index.up.sql': GOOD });
    repo.git('add', '-A');
    const run = runCli(['lint', '--staged', '-f', 'gcc'], { cwd: repo.dir });
    expect(run.stdout).toMatch(/^db\/migrations\/002_index\.up\.sql:1:1: error: .*\[require-down-migration\]$/m);
    expect(run.stdout).not.toContain('001_orders');
    expect(run.code).toBe(1);
  });

  it('runs the pre-commit framework hook\'s entry from .pre-commit-hooks.yaml', () => {
    const manifest = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    expect(manifest).toMatch(/^ {2}language: node$/m);
    expect(manifest).toMatch(/^ {2}files: \\\.sql\$$/m);
    const entry = /^ {2}entry: migrationlint (.+)$/m.exec(manifest)?.[1]?.split(' ') ?? [];
    expect(entry).toEqual(['lint', '--staged']);
    const repo = repoWithHook();
    repo.write({ 'db/migrations/002_index.sql': BAD });
    repo.git('add', '-A');
    expect(runCli(entry, { cwd: repo.dir }).code).toBe(1);
    repo.git('reset', '-q');
    expect(runCli(entry, { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('lints the staged content of the files given (what the pre-commit framework passes), each in its set', () => {
    const repo = repoWithHook();
    repo.write({ 'db/migrations/002_index.sql': GOOD });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'good');
    // Nothing staged: the given files are linted, as `pre-commit run --all-files` passes them.
    repo.write({ 'db/migrations/003_index.sql': BAD });
    const all = runCli(['lint', '--staged', '-f', 'gcc', 'db/migrations/001_orders.sql', 'db/migrations/003_index.sql'], { cwd: repo.dir });
    expect(all.stdout).toMatch(/^db\/migrations\/003_index\.sql:1:1: error: .*\[require-concurrent-index-creation\]$/m);
    expect(all.code).toBe(1);
    expect(runCli(['lint', '--staged', 'db/migrations/001_orders.sql', 'db/migrations/002_index.sql'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('says so outside a git repository (exit 2)', () => {
    const run = runCli(['lint', '--staged'], { cwd: '/' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--staged needs a git repository');
  });
});

describe('the config of each file, found upward from it', () => {
  /** A monorepo: two services with their own config and none at the root. */
  function monorepo(): GitRepo {
    const repo = gitRepo({
      'services/billing/.migrationlintrc.json': JSON.stringify({ migrations: ['db'] }),
      'services/billing/db/001_orders.sql': CREATE,
      'services/search/.migrationlintrc.json': JSON.stringify({ migrations: ['migrations'], rules: { 'require-concurrent-index-creation': 'off' } }),
      'services/search/migrations/001_orders.sql': CREATE,
      'tools/cleanup.sql': 'DELETE FROM sessions;\n',
    });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'services');
    return repo;
  }

  it('--staged from the repository root uses each service\'s config and names the files under none', () => {
    const repo = monorepo();
    repo.write({ 'services/billing/db/002_index.sql': BAD, 'services/search/migrations/002_index.sql': BAD, 'tools/cleanup.sql': 'DELETE FROM sessions; DELETE FROM carts;\n' });
    repo.git('add', '-A');
    const run = runCli(['lint', '--staged', '-f', 'gcc'], { cwd: repo.dir });
    expect(run.stdout.match(/error: .*\[require-concurrent-index-creation\]$/gm)).toHaveLength(1);
    expect(run.stdout).toMatch(/^services\/billing\/db\/002_index\.sql:1:1: error: /m);
    expect(run.stdout).not.toContain('tools/cleanup.sql');
    expect(run.stderr).toBe('migrationlint: not linted, under no .migrationlintrc.json: tools/cleanup.sql\n');
    expect(run.code).toBe(1);
  });

  it('a commit that touches only files under no config passes with that line, not exit 2', () => {
    const repo = monorepo();
    repo.write({ 'tools/cleanup.sql': 'DELETE FROM carts;\n' });
    repo.git('add', '-A');
    expect(runCli(['lint', '--staged'], { cwd: repo.dir })).toEqual({ code: 0, stdout: '', stderr: 'migrationlint: not linted, under no .migrationlintrc.json: tools/cleanup.sql\n' });
  });

  it('with no config anywhere, the set zero-config discovery finds covers ./migrations and the other .sql files are named', () => {
    const repo = gitRepo({ 'migrations/001_orders.sql': CREATE });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'orders');
    repo.write({ 'migrations/002_index.sql': BAD, 'reports/daily.sql': 'DELETE FROM report_cache;\n' });
    repo.git('add', '-A');
    const run = runCli(['lint', '--staged', '-f', 'gcc'], { cwd: repo.dir });
    expect(run.stdout).toMatch(/^migrations\/002_index\.sql:1:1: error: .*\[require-concurrent-index-creation\]$/m);
    expect(run.stdout).not.toContain('reports/daily.sql');
    expect(run.stderr).toBe('migrationlint: not linted, under no .migrationlintrc.json: reports/daily.sql\nmigrationlint: found 2 migrationlint migrations in migrations\n');
    expect(run.code).toBe(1);
  });

  it('--changed-since and paths from the root: each file under its own config, reading its set for facts', () => {
    const repo = monorepo();
    repo.write({ 'services/billing/db/002_index.sql': BAD, 'services/search/migrations/002_index.sql': BAD });
    const changed = runCli(['lint', '--changed-since', 'HEAD', '-f', 'gcc'], { cwd: repo.dir });
    expect(changed.stdout.match(/\[require-concurrent-index-creation\]$/gm)).toHaveLength(1);
    expect(changed.stdout).toContain('services/billing/db/002_index.sql:1:1: error:');
    expect(changed.code).toBe(1);
    const named = runCli(['lint', '-f', 'gcc', 'services/billing/db/002_index.sql', 'services/search/migrations/002_index.sql'], { cwd: repo.dir });
    expect(named.stdout).toBe(changed.stdout);
    expect(named.code).toBe(1);
    expect(runCli(['lint', 'services/search/migrations'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '' });
  });
});
