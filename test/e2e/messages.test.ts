// Messages a person can act on, through the built CLI: config errors, help texts, the rules
// table, init's naming preset, a non-.sql file, and colors that follow each stream's terminal.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasPython, runOnTty } from '../helpers/tty.js';

function project(files: Record<string, string>, config?: object | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-messages-'));
  if (config !== undefined) writeFileSync(join(dir, '.migrationlintrc.json'), typeof config === 'string' ? config : JSON.stringify(config));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const INDEX = 'CREATE INDEX ix_orders_a ON orders (a);\n';
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[/;

describe('config errors', () => {
  it('say where (file:line:col), what is accepted and what was probably meant; exit 2', () => {
    const dir = project({ 'migrations/001_a.sql': 'SELECT 1;\n' }, '{\n  "migrations": ["migrations"],\n  "rules": {\n    "require-concurent-index-creation": "warn",\n    "naming-convention": "fatal"\n  }\n}\n');
    const run = runCli(['lint'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`migrationlint: ${join(dir, '.migrationlintrc.json')}:5:5: rules.naming-convention: "fatal" is not a severity: use "error", "warning" (or "warn") or "off"\n`);
    writeFileSync(join(dir, '.migrationlintrc.json'), '{\n  "rules": {\n    "require-concurent-index-creation": "warn"\n  }\n}\n');
    expect(runCli(['lint'], { cwd: dir }).stderr).toBe(
      `migrationlint: ${join(dir, '.migrationlintrc.json')}:3:5: rules.require-concurent-index-creation: unknown rule "require-concurent-index-creation" (did you mean "require-concurrent-index-creation"?) (see \`migrationlint rules\`)\n`,
    );
    writeFileSync(join(dir, '.migrationlintrc.json'), '{\n  "migrations": ["migrations"]\n  "pgVersion": 15\n}\n');
    expect(runCli(['lint'], { cwd: dir }).stderr).toBe(`migrationlint: ${join(dir, '.migrationlintrc.json')}:3:3: invalid JSON: expected ',' or '}' after the value of "migrations", found "\\""\n`);
  });

  it('accept "warn" for warning', () => {
    const dir = project({ 'migrations/001_a.sql': INDEX }, { rules: { 'require-concurrent-index-creation': 'warn' } });
    const run = runCli(['lint'], { cwd: dir });
    expect(run.stdout).toContain('warning  CREATE INDEX on orders without CONCURRENTLY');
    expect(run.code).toBe(0);
  });
});

describe('lint', () => {
  it('skips a named file that is not .sql with a warning, instead of a wall of syntax errors', () => {
    const dir = project({ 'migrations/001_a.sql': INDEX, 'README.md': '# Orders\n\nRun `make migrate` first.\n' }, {});
    const only = runCli(['lint', 'README.md'], { cwd: dir });
    expect([only.code, only.stdout, only.stderr]).toEqual([0, '', 'migrationlint: warning: README.md is not a .sql file; not linted\n']);
    const both = runCli(['lint', 'README.md', 'migrations/001_a.sql'], { cwd: dir });
    expect(both.code).toBe(1);
    expect(both.stderr).toBe('migrationlint: warning: README.md is not a .sql file; not linted\n');
    expect(both.stdout).toContain('require-concurrent-index-creation');
    expect(both.stdout).not.toContain('syntax-error');
  });
});

describe('help', () => {
  it('says what lint, status, diff and trace do, with the global options under each', () => {
    const help = (command: string) => {
      const run = runCli([command, '--help']);
      expect(run.code).toBe(0);
      return run.stdout.replace(/\s+/g, ' ');
    };
    const lint = help('lint');
    expect(lint).toContain('Global Options: -v, --version output the version number -c, --config <path>');
    expect(lint).toContain('check migrations without running them');
    expect(lint).toContain('Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or config error.');
    const status = help('status');
    expect(status).toContain('read the history table of the database');
    expect(status).toContain('lints and changes nothing');
    expect(status).toContain('output on stdout: text (a table) or json');
    expect(status).not.toContain('text (stderr)');
    expect(help('diff')).toContain('each built by replaying the migrations on a throwaway database');
    expect(help('trace')).toContain('run one migration on a throwaway database');
    expect(help('trace')).toContain('replay on this PostgreSQL server');
  });
});

describe('rules', () => {
  it('prints an aligned table with the project\'s severity beside the default; Markdown with --markdown', () => {
    const dir = project({}, { rules: { 'require-concurrent-index-creation': 'warn', 'naming-convention': 'error' } });
    const run = runCli(['rules'], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`PROJECT: the severities ${join(dir, '.migrationlintrc.json')} sets`);
    expect(lines[1]).toMatch(/^RULE +DEFAULT {2}PROJECT {2}FIX {2}WHAT IT FLAGS$/);
    const row = lines.find((l) => l.startsWith('require-concurrent-index-creation '))!;
    expect(row.split(/ {2,}/).slice(0, 4)).toEqual(['require-concurrent-index-creation', 'error', 'warning', 'yes']);
    expect(lines.find((l) => l.startsWith('naming-convention '))!.split(/ {2,}/).slice(0, 3)).toEqual(['naming-convention', 'off', 'error']);
    // Aligned: every row's second column starts where the header's does.
    const column = lines[1]!.indexOf('DEFAULT');
    expect(lines.slice(2).filter(Boolean).every((l) => /^\S+ +\S/.test(l) && l.slice(0, column).trimEnd().length < column && l[column - 1] === ' ' && l[column] !== ' ')).toBe(true);
    expect(run.stdout).not.toContain('|');

    const markdown = runCli(['rules', '--markdown'], { cwd: dir });
    expect(markdown.stdout).toContain('| `require-concurrent-index-creation` | error | yes |');
    const outside = runCli(['rules'], { cwd: tmpdir() });
    expect(outside.stdout.split('\n')[0]).toMatch(/^RULE +DEFAULT {2}FIX {2}WHAT IT FLAGS$/);
    const unknown = runCli(['rules', 'require-concurent-index-creation'], { cwd: dir });
    expect([unknown.code, unknown.stderr]).toEqual([2, 'migrationlint: unknown rule "require-concurent-index-creation" (did you mean "require-concurrent-index-creation"?) (run `migrationlint rules` for the list)\n']);
  });
});

describe('init', () => {
  const namingOf = (dir: string) => (JSON.parse(readFileSync(join(dir, '.migrationlintrc.json'), 'utf8')) as { rules: Record<string, unknown> }).rules['naming-convention'];

  it('keeps the naming preset the existing migrations follow, as an error: lint stays clean', () => {
    const dir = project({
      'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint, customer_id bigint, CONSTRAINT orders_pkey PRIMARY KEY (id));\n',
      'migrations/002_index.sql': 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n',
    });
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('naming-convention: the existing names follow the postgres preset, so it is an error to break it');
    expect(namingOf(dir)).toEqual(['error', { preset: 'postgres' }]);
    expect(runCli(['lint'], { cwd: dir }).code).toBe(0);
  });

  it('starts naming-convention as a warning when the existing names follow no preset', () => {
    const dir = project({
      'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint, customer_id bigint, CONSTRAINT orders_pk PRIMARY KEY (id));\n',
      'migrations/002_index.sql': 'CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);\n',
    });
    const run = runCli(['init'], { cwd: dir });
    expect(run.stderr).toContain('naming-convention: the existing names follow no preset (names off it — prefixed: 2, postgres: 2)');
    expect(namingOf(dir)).toEqual(['warning', { preset: 'prefixed' }]);
    const lint = runCli(['lint'], { cwd: dir });
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('warning');
  });

  it('uses the prefixed preset as an error for a project with no migrations yet', () => {
    const dir = project({});
    expect(runCli(['init'], { cwd: dir }).stderr).toContain('naming-convention: no migrations in migrations yet, so the prefixed preset as an error');
    expect(namingOf(dir)).toEqual(['error', { preset: 'prefixed' }]);
  });
});

const ttyMissing = !hasPython;
if (ttyMissing && process.env.CI === 'true') throw new Error('python3 is needed for the terminal tests (pty)');

describe.skipIf(ttyMissing)('colors follow each stream\'s terminal (no-color.org)', () => {
  // apply refuses before it creates the embedded database: lint findings and the refusal on stderr.
  const dir = project({ 'migrations/001_a.sql': INDEX }, { migrations: ['migrations'] });
  const apply = (tty: Array<'stdout' | 'stderr'>, env: Record<string, string | undefined> = {}) => runOnTty(['apply'], { cwd: dir, tty, env: { DATABASE_URL: undefined, ...env } });

  it('colors stderr on a terminal while stdout is a pipe, and the other way round', () => {
    const stderrTty = apply(['stderr']);
    expect(stderrTty.code).toBe(1);
    expect(stderrTty.stderr).toContain('Refusing to run');
    expect(stderrTty.stderr).toMatch(ESCAPE);
    const lint = runOnTty(['lint'], { cwd: dir, tty: ['stderr'] });
    expect(lint.stdout).toContain('require-concurrent-index-creation');
    expect(lint.stdout).not.toMatch(ESCAPE);
    const stdoutTty = runOnTty(['lint'], { cwd: dir, tty: ['stdout'] });
    expect(stdoutTty.stdout).toMatch(ESCAPE);
    const applyStdoutTty = apply(['stdout']);
    expect(applyStdoutTty.stderr).toContain('Refusing to run');
    expect(applyStdoutTty.stderr).not.toMatch(ESCAPE);
  });

  it('NO_COLOR disables colors only when it is not empty; --no-color always', () => {
    expect(apply(['stderr'], { NO_COLOR: '' }).stderr).toMatch(ESCAPE);
    expect(apply(['stderr'], { NO_COLOR: '1' }).stderr).not.toMatch(ESCAPE);
    expect(runOnTty(['apply', '--no-color'], { cwd: dir, tty: ['stderr'], env: { DATABASE_URL: undefined } }).stderr).not.toMatch(ESCAPE);
    expect(runOnTty(['lint'], { cwd: dir, tty: ['stdout'], env: { NO_COLOR: '' } }).stdout).toMatch(ESCAPE);
  });
});
