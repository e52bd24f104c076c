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

  it('says so outside a git repository (exit 2)', () => {
    const run = runCli(['lint', '--staged'], { cwd: '/' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--staged needs a git repository');
  });
});
