// `migrationlint new NAME --move FILE:LINE` through the built CLI in temporary projects: the
// statement leaves the newest migration (the rest byte for byte), lands in the new one with the
// runner's no-transaction directive, and lint no longer reports it as run in a transaction.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { removeTempProjects, tempProject } from './helpers/temp-project.js';

afterAll(removeTempProjects);

const CIC = 'CREATE INDEX CONCURRENTLY t_a_idx\n  ON t (a);';
const TX_RULES = new Set(['mixed-transactional-statements', 'ban-concurrent-index-creation-in-transaction']);

interface LintFile {
  filePath: string;
  messages: { ruleId: string; line: number }[];
}

/** The transaction findings of a lint of the project, as "file:rule". */
function transactionFindings(dir: string): string[] {
  const run = runCli(['lint', '--format', 'json'], { cwd: dir });
  const files = JSON.parse(run.stdout) as LintFile[];
  return files.flatMap((f) => f.messages.filter((m) => TX_RULES.has(m.ruleId)).map((m) => `${path.relative(dir, f.filePath)}:${m.ruleId}`));
}

interface MoveCase {
  runner: string;
  /** The newest migration, relative to the project. */
  from: string;
  files: Record<string, string>;
  /** Line 3 onwards holds CIC (lines 3-4). */
  line: number;
  /** What `from` holds afterwards. */
  after: string;
  /** The new up file, and its whole text. */
  upFile: RegExp;
  upText: string;
  directive: string;
}

const CASES: MoveCase[] = [
  {
    runner: 'goose',
    from: 'migrations/00002_more.sql',
    files: {
      'migrations/00001_init.sql': '-- +goose Up\nCREATE TABLE t (id bigint, a text, b text);\n',
      'migrations/00002_more.sql': `-- +goose Up\nALTER TABLE t ADD COLUMN c text;\n${CIC}\nUPDATE t SET b = a;\n\n-- +goose Down\nDROP INDEX t_a_idx;\n`,
    },
    line: 4,
    after: '-- +goose Up\nALTER TABLE t ADD COLUMN c text;\nUPDATE t SET b = a;\n\n-- +goose Down\nDROP INDEX t_a_idx;\n',
    upFile: /^migrations\/00003_add_index\.sql$/,
    upText: `-- +goose NO TRANSACTION\n-- +goose Up\n${CIC}\n\n-- +goose Down\n-- Write what undoes it here.\n`,
    directive: '-- +goose NO TRANSACTION',
  },
  {
    runner: 'sqlx',
    from: 'migrations/20240102000000_more.sql',
    files: {
      'Cargo.toml': '[dependencies]\nsqlx = "0.8"\n',
      'migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint, a text, b text);\n',
      'migrations/20240102000000_more.sql': `-- more\nALTER TABLE t ADD COLUMN c text;\n${CIC} -- the index\nUPDATE t SET b = a;\n`,
    },
    line: 3,
    after: '-- more\nALTER TABLE t ADD COLUMN c text;\n -- the index\nUPDATE t SET b = a;\n',
    upFile: /^migrations\/\d{14}_add_index\.sql$/,
    upText: `-- no-transaction\n${CIC}\n`,
    directive: '-- no-transaction',
  },
  {
    runner: 'migrationlint',
    from: 'migrations/002_more.up.sql',
    files: {
      'migrations/001_init.up.sql': 'CREATE TABLE t (id bigint, a text, b text);\n',
      'migrations/001_init.down.sql': 'DROP TABLE t;\n',
      'migrations/002_more.up.sql': `ALTER TABLE t ADD COLUMN c text;\n\n${CIC}\nUPDATE t SET b = a;\n`,
      'migrations/002_more.down.sql': 'ALTER TABLE t DROP COLUMN c;\n',
    },
    line: 3,
    after: 'ALTER TABLE t ADD COLUMN c text;\n\nUPDATE t SET b = a;\n',
    upFile: /^migrations\/003_add_index\.up\.sql$/,
    upText: `${CIC}\n`,
    directive: 'a lone statement needs no directive',
  },
  {
    runner: 'golang-migrate',
    from: 'migrations/000002_more.up.sql',
    files: {
      'migrations/000001_init.up.sql': 'CREATE TABLE t (id bigint, a text, b text);\n',
      'migrations/000001_init.down.sql': 'DROP TABLE t;\n',
      'migrations/000002_more.up.sql': `-- more\nALTER TABLE t ADD COLUMN c text;\n${CIC}\n`,
      'migrations/000002_more.down.sql': 'ALTER TABLE t DROP COLUMN c;\n',
    },
    line: 4,
    after: '-- more\nALTER TABLE t ADD COLUMN c text;\n',
    upFile: /^migrations\/000003_add_index\.up\.sql$/,
    upText: `${CIC}\n`,
    directive: 'a lone statement needs no directive',
  },
];

describe('migrationlint new --move', () => {
  it.each(CASES)('$runner: moves the statement into a migration of its own', (c) => {
    const dir = tempProject(`move-${c.runner}`, { migrations: ['migrations'], runner: c.runner }, c.files);
    expect(transactionFindings(dir).some((f) => f.startsWith(c.from))).toBe(true);

    const run = runCli(['new', 'add index', '--move', `${c.from}:${c.line}`], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [summary, ...created] = run.stdout.split('\n').filter(Boolean).reverse();
    const upFile = created.find((f) => c.upFile.test(f));
    expect(upFile).toBeDefined();
    expect(summary).toBe(`moved lines 3-4 of ${c.from} into ${upFile} (runs without a transaction: ${c.directive})`);
    expect(readFileSync(path.join(dir, c.from), 'utf8')).toBe(c.after);
    expect(readFileSync(path.join(dir, upFile ?? ''), 'utf8')).toBe(c.upText);
    expect(transactionFindings(dir)).toEqual([]);
  });

  // Prisma sends migration.sql as one script: alone, the statement runs outside any transaction.
  it('prisma: a lone statement in a migration directory of its own', () => {
    const from = 'prisma/migrations/20240101000000_init/migration.sql';
    const dir = tempProject('move-prisma', { migrations: ['prisma/migrations'], runner: 'prisma' }, {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      [from]: `CREATE TABLE t (id bigint, a text);\n${CIC}\n`,
    });
    expect(transactionFindings(dir)).toEqual([`${from}:ban-concurrent-index-creation-in-transaction`]);
    const run = runCli(['new', 'add index', '--move', `${from}:3`], { cwd: dir });
    const [created, summary] = run.stdout.split('\n');
    expect(created).toMatch(/^prisma\/migrations\/\d{14}_add_index\/migration\.sql$/);
    expect(summary).toBe(`moved lines 2-3 of ${from} into ${created} (runs without a transaction: a lone statement needs no directive)`);
    expect(readFileSync(path.join(dir, created ?? ''), 'utf8')).toBe(`${CIC}\n`);
    expect(transactionFindings(dir)).toEqual([]);
  });

  it('moves a statement that runs in a transaction without a directive', () => {
    const from = 'migrations/00002_more.sql';
    const dir = tempProject('move-plain', { migrations: ['migrations'], runner: 'goose' }, {
      'migrations/00001_init.sql': '-- +goose Up\nCREATE TABLE t (id bigint);\n',
      [from]: '-- +goose Up\nALTER TABLE t ADD COLUMN c text; ALTER TABLE t ADD COLUMN d text;\n',
    });
    const run = runCli(['new', 'add d', '--move', `${from}:2`], { cwd: dir });
    expect(run.stdout).toBe(`migrations/00003_add_d.sql\nmoved line 2 of ${from} into migrations/00003_add_d.sql\n`);
    expect(readFileSync(path.join(dir, from), 'utf8')).toBe('-- +goose Up\n ALTER TABLE t ADD COLUMN d text;\n');
    expect(readFileSync(path.join(dir, 'migrations/00003_add_d.sql'), 'utf8')).toMatch(/^-- \+goose Up\nALTER TABLE t ADD COLUMN c text;\n\n-- \+goose Down\n/);
  });
});

describe('migrationlint new --move refuses', () => {
  const GOOSE = {
    'migrations/00001_init.sql': `-- +goose Up\nCREATE TABLE t (id bigint, a text);\n${CIC}\n`,
    'migrations/00002_more.sql': '-- +goose Up\nALTER TABLE t ADD COLUMN c text;\n\n-- +goose Down\nALTER TABLE t DROP COLUMN c;\n',
  };

  function refused(prefix: string, runner: string, files: Record<string, string>, location: string): string {
    const dir = tempProject(prefix, { migrations: ['migrations'], runner }, files);
    const run = runCli(['new', 'add index', '--move', location], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const [rel, text] of Object.entries(files)) expect(readFileSync(path.join(dir, rel), 'utf8')).toBe(text);
    expect(runCli(['lint', '--format', 'json'], { cwd: dir }).stdout).not.toContain('add_index');
    return run.stderr;
  }

  it('a statement of an older migration', () => {
    expect(refused('move-old', 'goose', GOOSE, 'migrations/00001_init.sql:3')).toBe(
      'migrationlint: migrations/00001_init.sql: not the newest migration of its set (migrations/00002_more.sql is); it may already be applied and moving a statement out of it would rewrite history: move it by hand\n',
    );
  });

  it('a line with no statement', () => {
    expect(refused('move-blank', 'goose', GOOSE, 'migrations/00002_more.sql:3')).toBe('migrationlint: migrations/00002_more.sql:3:1: no statement of the up section is on this line\n');
  });

  it('a file that is no migration of the set', () => {
    expect(refused('move-other', 'goose', GOOSE, 'schema.sql:1')).toBe('migrationlint: schema.sql: not an SQL migration of the set: nothing to move\n');
  });

  it('Drizzle, which cannot run a migration without its transaction', () => {
    const journal = { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true }] };
    const files = { 'migrations/0000_init.sql': `CREATE TABLE t (id bigint, a text);\n--> statement-breakpoint\n${CIC}\n`, 'migrations/meta/_journal.json': JSON.stringify(journal, null, 2) };
    expect(refused('move-drizzle', 'drizzle', files, 'migrations/0000_init.sql:3')).toMatch(
      /^migrationlint: migrations\/0000_init\.sql:3: the statement cannot run in a transaction and Drizzle Kit cannot run a migration without one: run it outside Drizzle Kit/,
    );
  });
});
