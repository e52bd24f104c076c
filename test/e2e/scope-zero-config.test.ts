// --staged and --changed-since with no .migrationlintrc.json: the files in scope are linted as
// part of the set zero-config discovery finds wherever it is (a Prisma monorepo's
// packages/db/prisma/migrations), not only under ./migrations.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git.js';

const SET = 'packages/db/prisma/migrations';
const history = {
  [`${SET}/migration_lock.toml`]: 'provider = "postgresql"\n',
  [`${SET}/20240101000000_orders/migration.sql`]: 'CREATE TABLE "orders" ("id" BIGINT PRIMARY KEY, "customer_id" BIGINT);\n',
  'src/app.ts': 'export const x = 1;\n',
};
const INDEX = { [`${SET}/20240201000000_index/migration.sql`]: 'CREATE INDEX "orders_customer_idx" ON "orders" ("customer_id");\n' };

const gccRules = (stdout: string) => stdout.split('\n').filter((l) => /: (error|warning): /.test(l)).map((l) => `${l.split(':')[0]} ${/\[([a-z-]+)\]$/.exec(l)?.[1]}`);

function repoWithHistory() {
  const repo = gitRepo(history);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'history');
  return repo;
}

describe('git scopes with no config', () => {
  it('--staged lints the staged migration of a Prisma set found in a subdirectory, as part of its set', () => {
    const repo = repoWithHistory();
    repo.write(INDEX);
    repo.git('add', '-A');
    const run = runCli(['lint', '--staged', '-f', 'gcc'], { cwd: repo.dir });
    // The table comes from the earlier migration (read for facts): the index is on an existing table.
    expect(gccRules(run.stdout)).toContain(`${SET}/20240201000000_index/migration.sql require-concurrent-index-creation`);
    expect(gccRules(run.stdout).every((l) => l.startsWith(`${SET}/20240201000000_index/`))).toBe(true);
    expect(run.stderr).toContain(`found 2 Prisma Migrate migrations in ${SET}`);
    expect(run.stderr).not.toContain('not linted');
    expect(run.code).toBe(1);
  });

  it('--changed-since reports only the changed migration; a .sql file outside every set is named as not linted', () => {
    const repo = repoWithHistory();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ ...INDEX, 'scripts/adhoc.sql': 'DELETE FROM orders;\n' });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'index');
    const run = runCli(['lint', '--changed-since', 'main', '-f', 'gcc'], { cwd: repo.dir });
    expect(gccRules(run.stdout)).toContain(`${SET}/20240201000000_index/migration.sql require-concurrent-index-creation`);
    expect(run.stdout).not.toContain('20240101000000_orders');
    expect(run.stderr).toContain('not linted, under no .migrationlintrc.json: scripts/adhoc.sql');
    expect(run.code).toBe(1);
  });

  it('a commit that touches no migration lints nothing and passes', () => {
    const repo = repoWithHistory();
    repo.write({ 'src/app.ts': 'export const x = 2;\n' });
    repo.git('add', '-A');
    const run = runCli(['lint', '--staged', '-f', 'gcc'], { cwd: repo.dir });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });
});
