// `lint FILE…`, `lint --stdin --stdin-filename FILE` and the language server lint a file of the
// configured set as part of that set: the earlier migrations are read for facts, only the named
// files are reported. All three give the same findings for the same inputs — with a config, and
// with none, where the set is the one found upward from the file (src/discover/set-of-file.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { LspClient } from '../lsp/client.js';
import { gitRepo } from '../helpers/git.js';

interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number; severity: number; message: string }>;
}
type Simple = [string, number, number, number, number, number, string];

const FILES: Record<string, string> = {
  'migrations/001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20));\nCREATE VIEW open_orders AS SELECT id FROM orders;\n',
  'migrations/001_orders.down.sql': 'DROP VIEW open_orders;\nDROP TABLE orders;\n',
  // varchar(20) → varchar(50) is binary-coercible: only the set proves the column's old type.
  'migrations/002_widen.up.sql': 'ALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n',
  // No down while the set uses downs; the index needs CONCURRENTLY on a table of an earlier migration.
  'migrations/003_index.up.sql': 'CREATE INDEX orders_code_idx ON orders (code);\nALTER TABLE orders ADD COLUMN note text;\n',
  'migrations/003_index.down.sql': 'ALTER TABLE orders DROP COLUMN note;\nDROP INDEX orders_code_idx;\n',
  'migrations/004_later.up.sql': 'ALTER TABLE orders ALTER COLUMN id TYPE int;\n',
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-agree-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const byFile = (stdout: string): Map<string, Simple[]> =>
  new Map((JSON.parse(stdout) as JsonEntry[]).map((e) => [e.filePath, e.messages.map((m): Simple => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.severity, m.message])]));

describe('lint FILE, --stdin and the language server agree', () => {
  const dir = project();
  const named = ['migrations/002_widen.up.sql', 'migrations/003_index.up.sql', 'migrations/003_index.down.sql'];
  const whole = byFile(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout);

  it('lint FILE… reports only the named files, with the findings of the whole set', () => {
    const run = runCli(['lint', '-f', 'json', ...named], { cwd: dir });
    expect(run.stderr).toBe('');
    const reported = byFile(run.stdout);
    expect([...reported.keys()].sort()).toEqual(named.map((f) => join(dir, f)).sort());
    for (const [file, findings] of reported) expect(findings).toEqual(whole.get(file));
    // The set proves 002 binary-coercible; 002 has no down while the set uses downs.
    const widen = reported.get(join(dir, named[0]))!.map((f) => f[0]);
    expect(widen).toContain('require-down-migration');
    expect(widen).not.toContain('changing-column-type');
    // A later migration is not reported, and gives no finding to the named ones.
    expect(reported.has(join(dir, 'migrations/004_later.up.sql'))).toBe(false);
  });

  it('--stdin with --stdin-filename reports what lint FILE reports, for the text given', () => {
    for (const file of named) {
      const run = runCli(['lint', '-f', 'json', '--stdin', '--stdin-filename', file], { cwd: dir, input: readFileSync(join(dir, file), 'utf8') });
      const reported = byFile(run.stdout);
      expect([...reported.keys()]).toEqual([join(dir, file)]);
      expect(reported.get(join(dir, file))).toEqual(whole.get(join(dir, file)));
    }
    // The standard input stands for the file: its text, not the one on disk, is linted within the set.
    const file = named[0];
    const run = runCli(['lint', '-f', 'json', '--stdin', '--stdin-filename', file], { cwd: dir, input: 'ALTER TABLE orders ALTER COLUMN code TYPE varchar(10);\n' });
    expect(byFile(run.stdout).get(join(dir, file))!.map((f) => f[0])).toContain('changing-column-type');
  });

  it('the language server publishes the same findings for each file', async () => {
    const client = await LspClient.start({ root: dir, pull: true });
    try {
      for (const file of named) {
        const path = join(dir, file);
        await client.open(path, readFileSync(path, 'utf8'));
        const { items } = await client.pull(path);
        const simple = items.map((d): Simple => [String(d.code), d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.severity === 1 ? 2 : 1, d.message.split("\n")[0]]);
        expect(simple).toEqual(whole.get(path));
      }
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });

  it('a file outside the configured set is linted alone, the same way by all three', async () => {
    const outside = join(dir, 'scratch.sql');
    const text = 'ALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n';
    writeFileSync(outside, text);
    const cli = byFile(runCli(['lint', '-f', 'json', 'scratch.sql'], { cwd: dir }).stdout).get(outside);
    const stdin = byFile(runCli(['lint', '-f', 'json', '--stdin', '--stdin-filename', 'scratch.sql'], { cwd: dir, input: text }).stdout).get(outside);
    expect(cli!.map((f) => f[0])).toContain('changing-column-type');
    expect(stdin).toEqual(cli);
    const client = await LspClient.start({ root: dir, pull: true });
    try {
      await client.open(outside, text);
      const { items } = await client.pull(outside);
      expect(items.map((d): Simple => [String(d.code), d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.severity === 1 ? 2 : 1, d.message.split("\n")[0]])).toEqual(cli);
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});

/** A layout with no config: where its migrations are, which are named, and the widening one. */
interface ZeroLayout {
  name: string;
  files: Record<string, string>;
  /** The set's directory, or undefined for loose files that no runner claims. */
  set?: string;
  named: string[];
  /** The migration that widens varchar(20) to varchar(50): binary-coercible only to whom knows the set. */
  widen: string;
}

const ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20));\n';
const WIDEN = 'ALTER TABLE orders ALTER COLUMN code TYPE varchar(50);\n';
const INDEX = 'CREATE INDEX orders_code_idx ON orders (code);\n';
const PRISMA = 'packages/db/prisma/migrations';
/** The rest of a project: more code than SQL, so that its root is no set of loose .sql files. */
const APP = { 'src/app.ts': 'export const x = 1;\n', 'src/db.ts': 'export const y = 2;\n', 'package.json': '{}\n', 'README.md': '# app\n' };

const ZERO_LAYOUTS: ZeroLayout[] = [
  {
    name: 'a Prisma set in a monorepo package',
    set: PRISMA,
    files: {
      [`${PRISMA}/migration_lock.toml`]: 'provider = "postgresql"\n',
      [`${PRISMA}/20240101000000_orders/migration.sql`]: ORDERS,
      [`${PRISMA}/20240201000000_widen/migration.sql`]: WIDEN,
      [`${PRISMA}/20240301000000_index/migration.sql`]: INDEX,
      ...APP,
    },
    named: [`${PRISMA}/20240201000000_widen/migration.sql`, `${PRISMA}/20240301000000_index/migration.sql`],
    widen: `${PRISMA}/20240201000000_widen/migration.sql`,
  },
  {
    // Not a default directory: the pairs' own naming makes it a set.
    name: 'NNN_x.up.sql / .down.sql pairs in db/schema',
    set: 'db/schema',
    files: {
      'db/schema/001_orders.up.sql': ORDERS,
      'db/schema/001_orders.down.sql': 'DROP TABLE orders;\n',
      'db/schema/002_widen.up.sql': WIDEN,
      'db/schema/003_index.up.sql': INDEX,
      'db/schema/003_index.down.sql': 'DROP INDEX orders_code_idx;\n',
      ...APP,
    },
    named: ['db/schema/002_widen.up.sql', 'db/schema/003_index.up.sql', 'db/schema/003_index.down.sql'],
    widen: 'db/schema/002_widen.up.sql',
  },
  {
    name: "the engine's own migrations/ directory",
    set: 'migrations',
    files: { 'migrations/001_orders.sql': ORDERS, 'migrations/002_widen.sql': WIDEN, 'migrations/003_index.sql': INDEX, ...APP },
    named: ['migrations/002_widen.sql', 'migrations/003_index.sql'],
    widen: 'migrations/002_widen.sql',
  },
  {
    name: 'a directory of loose .sql files (each linted alone)',
    files: { 'scratch/orders.sql': ORDERS, 'scratch/widen.sql': WIDEN, 'scratch/index.sql': INDEX, ...APP },
    named: ['scratch/widen.sql', 'scratch/index.sql'],
    widen: 'scratch/widen.sql',
  },
];

const simpleDiagnostic = (d: { code?: string | number; range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; message: string }): Simple => [
  String(d.code), d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.severity === 1 ? 2 : 1, d.message.split('\n')[0]!,
];

describe.each(ZERO_LAYOUTS)('with no config, $name: lint DIR, lint FILE, --stdin, --staged and the language server agree', (layout) => {
  const repo = gitRepo(layout.files);
  dirs.push(repo.dir);
  repo.git('add', '-A');
  const abs = (file: string) => join(repo.dir, file);
  const lintJson = (args: string[], input?: string) => {
    const run = runCli(['lint', '-f', 'json', ...args], { cwd: repo.dir, ...(input !== undefined ? { input } : {}) });
    expect([0, 1], run.stderr).toContain(run.code);
    return byFile(run.stdout);
  };
  // The reference: the set as `lint DIR` reads it, or each loose file linted with nothing beside it.
  const expected = new Map<string, Simple[] | undefined>();
  if (layout.set) {
    const whole = lintJson([layout.set]);
    for (const file of layout.named) expected.set(file, whole.get(abs(file)));
  } else {
    for (const file of layout.named) {
      const alone = mkdtempSync(join(tmpdir(), 'mlint-alone-'));
      dirs.push(alone);
      writeFileSync(join(alone, 'x.sql'), readFileSync(abs(file), 'utf8'));
      const run = runCli(['lint', '-f', 'json', 'x.sql'], { cwd: alone });
      expected.set(file, byFile(run.stdout).get(join(alone, 'x.sql')) ?? []);
    }
  }

  it('the set decides: the widening is binary-coercible within a set, a type change alone', () => {
    const rules = expected.get(layout.widen)!.map((f) => f[0]);
    if (layout.set) expect(rules).not.toContain('changing-column-type');
    else expect(rules).toContain('changing-column-type');
  });

  it('lint with no paths (zero-config discovery) agrees with lint DIR', () => {
    if (!layout.set) return;
    const found = lintJson([]);
    for (const file of layout.named) expect(found.get(abs(file)), file).toEqual(expected.get(file));
  });

  it('lint FILE… reports only the named files, with those findings', () => {
    const reported = lintJson(layout.named);
    expect([...reported.keys()].sort()).toEqual(layout.named.map(abs).sort());
    for (const file of layout.named) expect(reported.get(abs(file)), file).toEqual(expected.get(file));
    // From another directory of the repository, by a relative path: the set is found from the file.
    const fromSrc = runCli(['lint', '-f', 'json', `../${layout.widen}`], { cwd: abs('src') });
    expect(byFile(fromSrc.stdout).get(abs(layout.widen))).toEqual(expected.get(layout.widen));
  });

  it('--stdin --stdin-filename reports the same', () => {
    for (const file of layout.named) {
      const reported = lintJson(['--stdin', '--stdin-filename', file], readFileSync(abs(file), 'utf8'));
      expect(reported.get(abs(file)), file).toEqual(expected.get(file));
    }
  });

  it('--staged reports the same (loose files are not linted under no config)', () => {
    const run = runCli(['lint', '--staged', '-f', 'json'], { cwd: repo.dir });
    const staged = byFile(run.stdout || '[]');
    for (const file of layout.named) {
      if (layout.set) expect(staged.get(abs(file)), file).toEqual(expected.get(file));
      else expect(run.stderr).toContain('not linted, under no .migrationlintrc.json');
    }
  });

  it('the language server publishes the same', async () => {
    const client = await LspClient.start({ root: repo.dir, pull: true });
    try {
      for (const file of layout.named) {
        await client.open(abs(file), readFileSync(abs(file), 'utf8'));
        expect((await client.pull(abs(file))).items.map(simpleDiagnostic), file).toEqual(expected.get(file));
      }
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
