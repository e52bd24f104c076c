// apply --dry-run plans migrations in the order the runner runs them, not in file-name order:
// sqitch by its plan, Drizzle by its journal, Liquibase by its root changelog, Flyway by V
// version numerically with repeatable R__ migrations last.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { removeTempProjects, tempProject } from './helpers/temp-project.js';

interface OrderCase {
  runner: string;
  migrations: string[];
  files: Record<string, string>;
  /** The files, relative to the project, in the runner's order. */
  order: string[];
}

const journal = (tags: string[]) =>
  JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) });

const CASES: OrderCase[] = [
  {
    runner: 'sqitch',
    migrations: ['db'],
    files: {
      'db/sqitch.plan': '%syntax-version=1.0.0\n%project=shop\n\nzeta 2024-01-01T00:00:00Z Ann <ann@example.com> # first\nalpha [zeta] 2024-01-02T00:00:00Z Ann <ann@example.com> # second\n',
      'db/deploy/zeta.sql': 'CREATE TABLE zeta (id bigint);\n',
      'db/deploy/alpha.sql': 'CREATE TABLE alpha (id bigint);\n',
    },
    order: ['db/deploy/zeta.sql', 'db/deploy/alpha.sql'],
  },
  {
    runner: 'drizzle',
    migrations: ['drizzle'],
    files: {
      'drizzle/0000_init.sql': 'CREATE TABLE t (id bigint);\n',
      'drizzle/0002_merged_first.sql': 'CREATE TABLE u (id bigint);\n',
      'drizzle/0001_merged_second.sql': 'CREATE TABLE v (id bigint);\n',
      'drizzle/meta/_journal.json': journal(['0000_init', '0002_merged_first', '0001_merged_second']),
    },
    order: ['drizzle/0000_init.sql', 'drizzle/0002_merged_first.sql', 'drizzle/0001_merged_second.sql'],
  },
  {
    runner: 'liquibase',
    migrations: ['changelog'],
    files: {
      'changelog/changelog.yml': 'databaseChangeLog:\n  - include: { file: ./z_tables.sql, relativeToChangelogFile: true }\n  - include: { file: ./a_views.sql, relativeToChangelogFile: true }\n',
      'changelog/z_tables.sql': '--liquibase formatted sql\n\n--changeset ann:tables\nCREATE TABLE t (id bigint);\n',
      'changelog/a_views.sql': '--liquibase formatted sql\n\n--changeset ann:views\nCREATE VIEW v AS SELECT id FROM t;\n',
    },
    order: ['changelog/z_tables.sql', 'changelog/a_views.sql'],
  },
  {
    runner: 'flyway',
    migrations: ['db/migration'],
    files: {
      'db/migration/R__view.sql': 'CREATE OR REPLACE VIEW v AS SELECT id FROM t;\n',
      'db/migration/V10__ten.sql': 'CREATE TABLE ten (id bigint);\n',
      'db/migration/V2__two.sql': 'CREATE TABLE two (id bigint);\n',
      'db/migration/V1__init.sql': 'CREATE TABLE t (id bigint);\n',
      'db/migration/V1.1__point_one.sql': 'CREATE TABLE point_one (id bigint);\n',
    },
    order: ['db/migration/V1__init.sql', 'db/migration/V1.1__point_one.sql', 'db/migration/V2__two.sql', 'db/migration/V10__ten.sql', 'db/migration/R__view.sql'],
  },
];

afterAll(removeTempProjects);

describe('apply --dry-run follows the runner order', () => {
  it.each(CASES)('$runner', (c) => {
    const dir = tempProject(`order-${c.runner}`, { migrations: c.migrations, runner: c.runner }, c.files);
    const run = runCli(['apply', '--dry-run', '--format', 'json'], { cwd: dir });
    const events = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; migrations?: Array<{ file: string }> });
    const plan = events.find((e) => e.type === 'plan');
    expect(plan?.migrations?.map((m) => m.file)).toEqual(c.order);
    expect(run.code).toBe(0);
  });
});
