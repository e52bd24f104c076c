// fk-missing-index across a history: a foreign key whose columns a later migration of the set
// indexes is not reported — linting the whole history, named files, --changed-since, with the
// result cache cold and warm, and in the language server — and one no later migration covers is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { runCli } from '../helpers/cli.js';
import { gitRepo, type GitRepo } from '../helpers/git.js';
import { lintCached } from '../cache/helpers.js';

const MIGRATIONS = {
  '.migrationlintrc.json': JSON.stringify({ migrations: ['db'] }),
  'db/001_tables.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\n',
  'db/002_orders_fk.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;\n',
  'db/003_orders_index.sql': '-- migrationlint-ignore-file require-concurrent-index-creation -- a small table\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n',
  'db/004_invoices_fk.sql': 'ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;\n',
};

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; message: string }[];
}

/** fk-missing-index findings as `file:line name`. */
function fkFindings(stdout: string): string[] {
  const report = JSON.parse(stdout) as JsonFile[];
  return report.flatMap((f) => f.messages.filter((m) => m.ruleId === 'fk-missing-index').map((m) => `${f.filePath.replace(/.*\/db\//, '')}:${m.line} ${/Foreign key (\S+)/.exec(m.message)?.[1]}`));
}

const lintJson = (repo: GitRepo, ...args: string[]) => runCli(['lint', '-f', 'json', ...args], { cwd: repo.dir });

/** Expects a project of these files to give these fk-missing-index findings, uncached and with a cache cold and warm. */
function findingsChecker(): (files: Record<string, string>, expected: string[]) => void {
  const cache = mkdtempSync(join(tmpdir(), 'mlint-fk-cache-'));
  return (files, expected) => {
    const project = gitRepo(files);
    const uncached = lintJson(project).stdout;
    expect(fkFindings(uncached)).toEqual(expected);
    expect(lintCached({ cwd: project.dir, cacheLocation: cache }).stdout).toBe(uncached);
    expect(lintCached({ cwd: project.dir, cacheLocation: cache })).toMatchObject({ stdout: uncached, missed: 0 });
  };
}

describe('fk-missing-index and an index a later migration creates', () => {
  let repo: GitRepo;
  beforeAll(() => {
    repo = gitRepo(MIGRATIONS);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'history');
  });

  it('on the whole history: only the foreign key no later migration indexes', () => {
    expect(fkFindings(lintJson(repo).stdout)).toEqual(['004_invoices_fk.sql:1 invoices_customer_fk']);
  });

  it('on named files, the set read for facts: the later index counts though its file is not reported', () => {
    expect(fkFindings(lintJson(repo, 'db/002_orders_fk.sql').stdout)).toEqual([]);
    expect(fkFindings(lintJson(repo, 'db/002_orders_fk.sql', 'db/004_invoices_fk.sql').stdout)).toEqual(['004_invoices_fk.sql:1 invoices_customer_fk']);
  });

  it('with --changed-since: an edited old migration is judged against the later ones', () => {
    repo.write({ 'db/002_orders_fk.sql': `-- edited\n${MIGRATIONS['db/002_orders_fk.sql']}`, 'db/004_invoices_fk.sql': `-- edited\n${MIGRATIONS['db/004_invoices_fk.sql']}` });
    try {
      const run = lintJson(repo, '--changed-since', 'HEAD');
      expect(JSON.parse(run.stdout).map((f: JsonFile) => f.filePath.replace(/.*\/db\//, ''))).toEqual(['002_orders_fk.sql', '004_invoices_fk.sql']);
      expect(fkFindings(run.stdout)).toEqual(['004_invoices_fk.sql:2 invoices_customer_fk']);
    } finally {
      repo.git('checkout', '--', 'db');
    }
  });

  it('gives the same answers with the result cache, cold and warm, whole and with a report filter', () => {
    const uncached = lintJson(repo).stdout;
    const cache = mkdtempSync(join(tmpdir(), 'mlint-fk-cache-'));
    const cold = lintCached({ cwd: repo.dir, cacheLocation: cache });
    expect(cold).toMatchObject({ stdout: uncached, hit: 0, missed: 4 });
    expect(lintCached({ cwd: repo.dir, cacheLocation: cache })).toMatchObject({ stdout: uncached, hit: 4, missed: 0 });

    // Only 002 reported: the cached 003 still withdraws its finding.
    const named = lintJson(repo, 'db/002_orders_fk.sql').stdout;
    expect(lintCached({ cwd: repo.dir, cacheLocation: cache, args: ['db/002_orders_fk.sql'] })).toMatchObject({ stdout: named, missed: 0 });
    // A cold cache with only 002 reported analyses the later migrations too, and stores them.
    const fresh = mkdtempSync(join(tmpdir(), 'mlint-fk-cache-'));
    expect(lintCached({ cwd: repo.dir, cacheLocation: fresh, args: ['db/002_orders_fk.sql'] })).toMatchObject({ stdout: named, hit: 0, missed: 3 });
    expect(lintCached({ cwd: repo.dir, cacheLocation: fresh })).toMatchObject({ stdout: uncached, hit: 3, missed: 1 });

    // The later index removed: the cached 002 reports its finding again (003 and 004 re-analysed).
    repo.write({ 'db/003_orders_index.sql': 'SELECT 1;\n' });
    try {
      const without = lintJson(repo).stdout;
      expect(fkFindings(without)).toEqual(['002_orders_fk.sql:1 orders_customer_fk', '004_invoices_fk.sql:1 invoices_customer_fk']);
      expect(lintCached({ cwd: repo.dir, cacheLocation: cache })).toMatchObject({ stdout: without, hit: 2, missed: 2 });
    } finally {
      repo.git('checkout', '--', 'db');
    }
  });

  it('a covering index a later migration drops again covers no more; one created again after the drop does', () => {
    const drop = '-- migrationlint-ignore-file require-concurrent-index-deletion -- a small table\nDROP INDEX orders_customer_idx;\n';
    const dropped = { ...MIGRATIONS, 'db/005_drop_index.sql': drop };
    const expectFindings = findingsChecker();
    expectFindings(dropped, ['002_orders_fk.sql:1 orders_customer_fk', '004_invoices_fk.sql:1 invoices_customer_fk']);
    expectFindings({ ...dropped, 'db/006_index_again.sql': MIGRATIONS['db/003_orders_index.sql'] }, ['004_invoices_fk.sql:1 invoices_customer_fk']);
    // Created and dropped in one migration: it never covered anything.
    expectFindings({ ...MIGRATIONS, 'db/003_orders_index.sql': `${MIGRATIONS['db/003_orders_index.sql']}${drop}` }, ['002_orders_fk.sql:1 orders_customer_fk', '004_invoices_fk.sql:1 invoices_customer_fk']);
    // Dropped and created again in one migration (a rebuild): it still covers.
    expectFindings({ ...dropped, 'db/005_drop_index.sql': `${drop}${MIGRATIONS['db/003_orders_index.sql']}` }, ['004_invoices_fk.sql:1 invoices_customer_fk']);
    // A duplicate with the same columns dropped later leaves the other standing (langfuse's models indexes).
    const duplicate = `${MIGRATIONS['db/003_orders_index.sql']}CREATE INDEX orders_customer_dup ON orders (customer_id);\n`;
    expectFindings({ ...MIGRATIONS, 'db/003_orders_index.sql': duplicate, 'db/005_drop_index.sql': drop.replace('orders_customer_idx', 'orders_customer_dup') }, ['004_invoices_fk.sql:1 invoices_customer_fk']);
    // The primary key rebuilt under its old name after DROP COLUMN id covers the key it leads with (crates.io's crate_owners).
    const rebuilt = '-- migrationlint-ignore-file -- a small table\nALTER TABLE orders DROP COLUMN id;\nALTER TABLE orders ADD PRIMARY KEY (customer_id);\n';
    expectFindings({ ...MIGRATIONS, 'db/003_orders_index.sql': rebuilt }, ['004_invoices_fk.sql:1 invoices_customer_fk']);
  });

  it('a foreign key a later migration drops is not reported: by DROP CONSTRAINT before its covering index goes, DROP COLUMN or DROP TABLE', () => {
    const expectFindings = findingsChecker();
    // crates.io's crate_owners: the FK (002), a unique key covering it (003), the FK dropped (005), then the unique key (006).
    const unique = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_unique UNIQUE (customer_id, id);\n';
    const dropFk = 'ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;\n';
    const dropUnique = 'ALTER TABLE orders DROP CONSTRAINT orders_customer_unique;\n';
    const history = { ...MIGRATIONS, 'db/003_orders_index.sql': unique, 'db/005_drop_fk.sql': dropFk, 'db/006_drop_unique.sql': dropUnique };
    expectFindings(history, ['004_invoices_fk.sql:1 invoices_customer_fk']);
    // The unique key dropped while the FK still stands: the FK is uncovered at the end of the history.
    expectFindings({ ...history, 'db/005_drop_fk.sql': dropUnique, 'db/006_drop_unique.sql': 'SELECT 1;\n' }, [
      '002_orders_fk.sql:1 orders_customer_fk',
      '004_invoices_fk.sql:1 invoices_customer_fk',
    ]);
    // Never covered, then dropped with its column, or with its table.
    const noIndex = { ...MIGRATIONS, 'db/003_orders_index.sql': 'SELECT 1;\n' };
    expectFindings({ ...noIndex, 'db/005_drop_column.sql': '-- migrationlint-ignore-file -- unused\nALTER TABLE invoices DROP COLUMN customer_id;\n' }, ['002_orders_fk.sql:1 orders_customer_fk']);
    expectFindings({ ...noIndex, 'db/005_drop_table.sql': '-- migrationlint-ignore-file -- unused\nDROP TABLE orders;\n' }, ['004_invoices_fk.sql:1 invoices_customer_fk']);
    // A table renamed keeps its foreign key.
    expectFindings({ ...noIndex, 'db/005_rename.sql': '-- migrationlint-ignore-file -- unused\nALTER TABLE orders RENAME TO purchases;\n' }, [
      '002_orders_fk.sql:1 orders_customer_fk',
      '004_invoices_fk.sql:1 invoices_customer_fk',
    ]);
    // Linted alone (the FK's migration the newest of its set), it is reported.
    expectFindings({ ...noIndex, 'db/004_invoices_fk.sql': 'SELECT 1;\n' }, ['002_orders_fk.sql:1 orders_customer_fk']);
  });

  it('the language server on one file agrees with the whole-history lint', async () => {
    const workspace = new Workspace({ folders: [repo.dir] });
    await loadConfig({ cwd: repo.dir });
    const names = async (file: string, buffers: ReadonlyMap<string, string> = new Map()) =>
      (await workspace.lintFile(join(repo.dir, 'db', file), buffers)).findings.filter((f) => f.ruleId === 'fk-missing-index').map((f) => f.message.split(' ')[2]);
    expect(await names('002_orders_fk.sql')).toEqual([]);
    expect(await names('004_invoices_fk.sql')).toEqual(['invoices_customer_fk']);
    // An unsaved buffer of the later migration that no longer creates the index.
    const buffers = new Map([[join(repo.dir, 'db', '003_orders_index.sql'), 'SELECT 1;\n']]);
    expect(await names('002_orders_fk.sql', buffers)).toEqual(['orders_customer_fk']);
  });
});
