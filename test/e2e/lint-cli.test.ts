import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

function project(files: Record<string, string | Buffer>, config: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-cli-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(config));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const bad = 'CREATE TABLE t (a bigint);\nCREATE INDEX ix_orders_a ON orders (a);\n';

describe('migrationlint lint', () => {
  it('lints the bundled example cleanly (exit 0)', () => {
    const run = runCli(['lint']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('prints stylish findings with a code frame and help, exit 1', () => {
    const dir = project({ 'migrations/001_x.sql': bad });
    const run = runCli(['lint'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('migrations/001_x.sql');
    expect(run.stdout).toMatch(/ {2}2:1 {2}error {2}CREATE INDEX on orders without CONCURRENTLY blocks writes to orders while the index builds\. {2}require-concurrent-index-creation/);
    expect(run.stdout).toContain('> 2 | CREATE INDEX ix_orders_a ON orders (a);');
    expect(run.stdout).toContain('help: Use CREATE INDEX CONCURRENTLY');
    expect(run.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('colors only when asked: FORCE_COLOR yes, --no-color no', () => {
    const dir = project({ 'migrations/001_x.sql': bad });
    expect(runCli(['lint'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(runCli(['lint', '--no-color'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });

  it('writes ESLint-compatible JSON', () => {
    // The fix comes with the finding when the set creates the table (CONCURRENTLY is withheld on unknown tables).
    const dir = project({ 'migrations/001_x.sql': 'CREATE TABLE orders (a bigint);\n', 'migrations/002_y.sql': 'CREATE INDEX ix_orders_a ON orders (a);\n' });
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const entry = JSON.parse(run.stdout).find((e: { filePath: string }) => e.filePath === join(dir, 'migrations/002_y.sql'));
    expect(entry.errorCount).toBe(1);
    expect(entry.messages[0]).toMatchObject({ ruleId: 'require-concurrent-index-creation', severity: 2, line: 1, column: 1, endLine: 1, endColumn: 39 });
    expect(entry.messages[0].fix).toEqual({ range: [12, 12], text: ' CONCURRENTLY' });
  });

  it('honors --max-warnings and --quiet', () => {
    const dir = project({ 'migrations/001_x.sql': '-- nothing yet\n' });
    expect(runCli(['lint'], { cwd: dir }).code).toBe(0);
    const over = runCli(['lint', '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings');
    expect(runCli(['lint', '--quiet'], { cwd: dir }).stdout).toBe('');
  });

  it('lints standard input as the named file', () => {
    const dir = project({});
    const run = runCli(['lint', '--stdin', '--stdin-filename', 'migrations/002_y.sql', '-f', 'json'], { cwd: dir, input: 'DROP INDEX CONCURRENTLY x;\nSELEC 1;' });
    const [entry] = JSON.parse(run.stdout);
    expect(entry.filePath).toBe(join(dir, 'migrations/002_y.sql'));
    expect(entry.messages.map((m: { ruleId: string; line: number }) => [m.ruleId, m.line])).toEqual([['syntax-error', 2]]);
    expect(run.code).toBe(1);
  });

  it('exits 2 with the bad key for a bad config, never a stack trace', () => {
    const dir = project({ 'migrations/001_x.sql': 'SELECT 1;' }, { rules: { 'require-concurrent-index-creation': ['error', { fast: true }] } });
    const run = runCli(['lint'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('rules.require-concurrent-index-creation[1]');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a path that matches nothing and for an unknown option', () => {
    const dir = project({});
    const missing = runCli(['lint', 'nope/'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope');
    expect(runCli(['lint', '--formt', 'json'], { cwd: dir }).code).toBe(2);
  });

  it('reports binary and non-UTF-8 files as findings, not crashes', () => {
    const dir = project({ 'migrations/001_a.sql': Buffer.from([0x53, 0x45, 0xff, 0xfe, 0x3b]), 'migrations/002_b.sql': 'SELECT 1;\u0000' });
    const run = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const rules = JSON.parse(run.stdout).flatMap((e: { messages: Array<{ ruleId: string }> }) => e.messages.map((m) => m.ruleId));
    expect(rules).toEqual(['invalid-file', 'invalid-file']);
  });
});

describe('migrationlint rules and init', () => {
  it('prints the rule table and one rule with its examples', () => {
    const all = runCli(['rules', '--markdown']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('| `require-concurrent-index-creation` | error | yes |');
    const one = runCli(['rules', 'require-concurrent-index-creation']);
    expect(one.stdout).toContain('Instead of:');
    expect(one.stdout).toContain('CREATE INDEX CONCURRENTLY');
    expect(runCli(['rules', 'nope']).code).toBe(2);
  });

  it('init writes a starter config once, which then validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlint-init-'));
    expect(runCli(['init'], { cwd: dir }).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, '.migrationlintrc.json'), 'utf8'));
    expect(config.rules['naming-convention']).toEqual(['error', { preset: 'prefixed' }]);
    expect(runCli(['init'], { cwd: dir }).code).toBe(2);
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001_init.sql'), 'CREATE TABLE accounts (id bigint, CONSTRAINT pk_accounts PRIMARY KEY (id));');
    expect(runCli(['lint'], { cwd: dir }).code).toBe(0);
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
    expect(existsSync(join(repoRoot, 'dist', 'src', 'cli.js'))).toBe(true);
  });
});
