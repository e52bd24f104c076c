// `lint FILE…`, `lint --stdin --stdin-filename FILE` and the language server lint a file of the
// configured set as part of that set: the earlier migrations are read for facts, only the named
// files are reported. All three give the same findings for the same inputs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { LspClient } from '../lsp/client.js';

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
