import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git.js';

function project(files: Record<string, string>): { dir: string; read(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-fix-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, read: (name) => readFileSync(join(dir, name), 'utf8') };
}

const INDEXES = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\nDROP INDEX orders_old_idx;\n';
const FIXED = 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nDROP INDEX CONCURRENTLY orders_old_idx;\n';
/** What INDEXES needs the model to know before CONCURRENTLY is offered: the table and the old index. */
const SCHEMA = 'CREATE TABLE orders (id bigint, customer_id bigint);\nCREATE INDEX orders_old_idx ON orders (id);\n';

describe('lint --fix', () => {
  it('adds CONCURRENTLY to CREATE and DROP INDEX in the file; the result parses and lints clean', () => {
    const p = project({ 'migrations/001_a.sql': SCHEMA, 'migrations/002_b.sql': INDEXES });
    const run = runCli(['lint', '--fix'], { cwd: p.dir });
    expect(run.stderr).toBe('migrationlint: applied 2 fixes to 1 file.\n');
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(p.read('migrations/002_b.sql')).toBe(FIXED);
    expect(p.read('migrations/001_a.sql')).toBe(SCHEMA);
    expect(runCli(['lint', '-f', 'gcc'], { cwd: p.dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('offers no NOT VALID fix: it would keep violating rows with the constraint never validated; the help says to VALIDATE in a later migration', () => {
    const tables = 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);\n';
    const constraints = [
      'ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id);',
      'ALTER TABLE orders ADD CONSTRAINT ck_orders_total CHECK (total >= 0);',
      '',
    ].join('\n');
    const p = project({ 'migrations/001_tables.sql': tables, 'migrations/002_constraints.sql': constraints });
    const findings = () =>
      (JSON.parse(runCli(['lint', '-f', 'json'], { cwd: p.dir }).stdout) as Array<{ messages: Array<{ ruleId: string; help?: string; fix?: unknown }> }>).flatMap((e) => e.messages);
    const before = findings().filter((m) => m.ruleId === 'adding-foreign-key-constraint' || m.ruleId === 'constraint-missing-not-valid');
    expect(before).toHaveLength(2);
    for (const m of before) {
      expect(m.fix).toBeUndefined();
      expect(m.help).toContain('VALIDATE CONSTRAINT');
    }
    expect(runCli(['lint', '--fix'], { cwd: p.dir }).stderr).not.toContain('applied');
    expect(p.read('migrations/002_constraints.sql')).toBe(constraints);
  });

  it('offers no fix when the runner wraps the migration in a transaction, and says to move it', () => {
    const goose = '-- +goose Up\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- +goose Down\nDROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx;\n';
    const p = project({ 'migrations/001_a.sql': goose });
    const json = JSON.parse(runCli(['lint', '-f', 'json'], { cwd: p.dir }).stdout) as Array<{ messages: Array<{ ruleId: string; help?: string; fix?: unknown }> }>;
    const finding = json[0].messages.find((m) => m.ruleId === 'require-concurrent-index-creation');
    expect(finding?.help).toContain('separate migration that does not run in a transaction');
    expect(finding?.fix).toBeUndefined();
    const run = runCli(['lint', '--fix', '-f', 'gcc'], { cwd: p.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[require-concurrent-index-creation]');
    expect(p.read('migrations/001_a.sql')).toBe(goose);
  });

  it('keeps the byte order mark and CRLF line ends of the file', () => {
    const p = project({ 'migrations/000_schema.sql': SCHEMA, 'migrations/001_a.sql': `\uFEFF-- index\r\n${INDEXES.replace(/\n/g, '\r\n')}` });
    expect(runCli(['lint', '--fix'], { cwd: p.dir }).code).toBe(0);
    expect(p.read('migrations/001_a.sql')).toBe(`\uFEFF-- index\r\n${FIXED.replace(/\n/g, '\r\n')}`);
  });

  it('leaves suppressed findings alone', () => {
    const text = '-- migrationlint-ignore require-concurrent-index-creation -- built during the maintenance window\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n';
    const p = project({ 'migrations/001_a.sql': text });
    expect(runCli(['lint', '--fix'], { cwd: p.dir }).code).toBe(0);
    expect(p.read('migrations/001_a.sql')).toBe(text);
  });

  it('with --changed-since fixes only the changed migrations', () => {
    const repo = gitRepo({ '.migrationlintrc.json': JSON.stringify({ migrations: ['migrations'] }), 'migrations/000_schema.sql': SCHEMA + SCHEMA.replace(/orders/g, 'items'), 'migrations/001_old.sql': INDEXES });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'history');
    repo.write({ 'migrations/002_new.sql': INDEXES.replace(/orders_/g, 'items_') });
    expect(runCli(['lint', '--fix', '--changed-since', 'HEAD'], { cwd: repo.dir }).code).toBe(0);
    expect(readFileSync(join(repo.dir, 'migrations/001_old.sql'), 'utf8')).toBe(INDEXES);
    expect(readFileSync(join(repo.dir, 'migrations/002_new.sql'), 'utf8')).toBe(FIXED.replace(/orders_/g, 'items_'));
  });
});

describe('lint --fix: which migrations it edits', () => {
  const OLD = 'CREATE TABLE t (id int);\n';
  const NEW = 'ALTER TABLE t ALTER COLUMN id TYPE bigint;\nCREATE TABLE u (id int);\n';

  it('by default only the newest migration of the set: an older one may have run, and the model keeps reading the history as written', () => {
    const p = project({ 'migrations/001_old.sql': OLD, 'migrations/002_new.sql': NEW });
    const run = runCli(['lint', '--fix', '-f', 'gcc'], { cwd: p.dir });
    expect(p.read('migrations/001_old.sql')).toBe(OLD);
    expect(p.read('migrations/002_new.sql')).toBe(NEW.replace('u (id int)', 'u (id bigint)'));
    // The int → bigint rewrite of 001's table is still an error: 001 was not rewritten to bigint.
    expect(run.stdout).toContain('[changing-column-type]');
    expect(run.code).toBe(1);
  });

  it('--fix-all edits every migration', () => {
    const p = project({ 'migrations/001_old.sql': OLD, 'migrations/002_new.sql': NEW });
    runCli(['lint', '--fix', '--fix-all'], { cwd: p.dir });
    expect(p.read('migrations/001_old.sql')).toBe('CREATE TABLE t (id bigint);\n');
  });

  it('the .sql files named, and only them', () => {
    const p = project({ 'migrations/001_old.sql': OLD, 'migrations/002_new.sql': NEW });
    runCli(['lint', '--fix', 'migrations/001_old.sql'], { cwd: p.dir });
    expect(p.read('migrations/001_old.sql')).toBe('CREATE TABLE t (id bigint);\n');
    expect(p.read('migrations/002_new.sql')).toBe(NEW);
  });

  it('--fix-all alone is a usage error', () => {
    expect(runCli(['lint', '--fix-all'], { cwd: project({}).dir })).toMatchObject({ code: 2, stderr: 'migrationlint: --fix-all needs --fix or --fix-dry-run\n' });
  });
});

describe('lint --fix-dry-run', () => {
  it('prints the fixes as a unified diff and changes nothing', () => {
    const p = project({ 'migrations/000_schema.sql': SCHEMA, 'migrations/001_a.sql': `-- one\n-- two\n-- three\n-- four\n${INDEXES}` });
    const run = runCli(['lint', '--fix-dry-run'], { cwd: p.dir });
    expect(run.stdout).toBe(
      [
        '--- a/migrations/001_a.sql',
        '+++ b/migrations/001_a.sql',
        '@@ -2,5 +2,5 @@',
        ' -- two',
        ' -- three',
        ' -- four',
        '-CREATE INDEX orders_customer_idx ON orders (customer_id);',
        '-DROP INDEX orders_old_idx;',
        '+CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
        '+DROP INDEX CONCURRENTLY orders_old_idx;',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('migrationlint: 2 fixes would change 1 file; 0 errors would remain.\n');
    expect(run.code).toBe(0);
    expect(p.read('migrations/001_a.sql')).toBe(`-- one\n-- two\n-- three\n-- four\n${INDEXES}`);
  });

  it('works on standard input; --fix there is a usage error', () => {
    const p = project({});
    const input = 'CREATE TABLE notes (body varchar(200));\n';
    const run = runCli(['lint', '--stdin', '--stdin-filename', 'migrations/009_x.sql', '--fix-dry-run'], { cwd: p.dir, input });
    expect(run.stdout).toContain('+CREATE TABLE notes (body text);');
    const refused = runCli(['lint', '--stdin', '--stdin-filename', 'migrations/009_x.sql', '--fix'], { cwd: p.dir, input });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--fix cannot write to standard input');
  });
});
