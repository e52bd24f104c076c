// The hook of .pre-commit-hooks.yaml through the real pre-commit framework, as a user installs
// it: a project whose .pre-commit-config.yaml points at a clone of this repository at a commit.
// pre-commit clones it, runs `npm install` there (which builds dist/), `npm pack` (whose standard
// output it takes for the tarball's name) and `npm install -g <tarball>` into its own node env.
// What is tested is the commit HEAD of this repository, not uncommitted changes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { gitRepo, type GitRepo } from '../helpers/git.js';
import { hasClient, run, userEnv, type Run } from './user-env.js';

const CREATE = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n';
const BAD = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
const GOOD = 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n';

const AUTHOR = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
const available = hasClient('pre-commit');

describe.runIf(available)('the pre-commit framework installs and runs the migrationlint hook', () => {
  let work: string;
  let project: GitRepo;
  let env: NodeJS.ProcessEnv;
  let install: Run;
  const commit = (...args: string[]) => {
    const done = run('git', ['commit', ...args], project.dir, env);
    return { code: done.code, output: done.stdout + done.stderr };
  };
  const commits = () => Number(project.git('rev-list', '--count', 'HEAD').trim());

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'mlint-precommit-'));
    const tool = join(work, 'migrationlint');
    run('git', ['clone', '--quiet', repoRoot, tool], work, userEnv());
    const rev = run('git', ['rev-parse', 'HEAD'], tool, userEnv()).stdout.trim();
    // npm's default log level, said explicitly: installing must not depend on a quieter one.
    env = userEnv({ PRE_COMMIT_HOME: join(work, 'pre-commit-home'), npm_config_loglevel: 'notice', ...AUTHOR });
    // The config in a subdirectory, as in a monorepo: pre-commit runs hooks from the root.
    project = gitRepo({
      'services/billing/.migrationlintrc.json': JSON.stringify({ migrations: ['db/migrations'] }),
      'services/billing/db/migrations/001_orders.sql': CREATE,
      'scripts/cleanup.sql': 'DELETE FROM sessions;\n',
    });
    writeFileSync(join(project.dir, '.pre-commit-config.yaml'), `repos:\n  - repo: ${tool}\n    rev: ${rev}\n    hooks:\n      - id: migrationlint\n`);
    expect(run('pre-commit', ['install'], project.dir, env).code).toBe(0);
    install = run('pre-commit', ['install-hooks'], project.dir, env);
  }, 600_000);

  afterAll(() => {
    if (install?.code !== 0) console.error(install?.stdout, install?.stderr);
    // pre-commit's node environment holds the installed package and its dependencies (~100 MB).
    if (work) rmSync(work, { recursive: true, force: true });
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  it('installs the hook (npm install builds, npm pack prints only the tarball name)', () => {
    expect(install.stderr + install.stdout).not.toMatch(/error|ENOENT/i);
    expect(install.code).toBe(0);
    project.git('add', '-A');
    const first = commit('-m', 'orders');
    expect(first.output).toMatch(/^migrationlint\.+Passed$/m);
    expect(first.code).toBe(0);
  });

  it('rejects a commit whose staged migration has an error, and shows the finding', () => {
    project.write({ 'services/billing/db/migrations/002_index.sql': BAD });
    project.git('add', '-A');
    const before = commits();
    const rejected = commit('-m', 'index');
    expect(rejected.output).toMatch(/^migrationlint\.+Failed$/m);
    expect(rejected.output).toContain('services/billing/db/migrations/002_index.sql');
    expect(rejected.output).toContain('require-concurrent-index-creation');
    expect(rejected.code).toBe(1);
    expect(commits()).toBe(before);
  });

  it('accepts the clean one (and ignores .sql outside the migration sets)', () => {
    project.write({ 'services/billing/db/migrations/002_index.sql': GOOD, 'scripts/cleanup.sql': 'DELETE FROM sessions; DELETE FROM carts;\n' });
    project.git('add', '-A');
    const before = commits();
    const accepted = commit('-m', 'index, concurrently');
    expect(accepted.output).toMatch(/^migrationlint\.+Passed$/m);
    expect(accepted.code).toBe(0);
    expect(commits()).toBe(before + 1);
  });

  it('pre-commit run --all-files fails on an error committed past the hook', () => {
    expect(run('pre-commit', ['run', '--all-files'], project.dir, env)).toMatchObject({ code: 0 });
    project.write({ 'services/billing/db/migrations/003_index.sql': BAD.replace('orders_customer_idx', 'orders_id_customer_idx').replace('(customer_id)', '(id, customer_id)') });
    project.git('add', '-A');
    expect(commit('-q', '--no-verify', '-m', 'skipped the hook').code).toBe(0);
    const all = run('pre-commit', ['run', '--all-files'], project.dir, env);
    expect(all.stdout).toMatch(/^migrationlint\.+Failed$/m);
    expect(all.stdout).toContain('services/billing/db/migrations/003_index.sql');
    expect(all.stdout).not.toContain('002_index.sql');
    expect(all.code).toBe(1);
  });
});
