// Bad configuration and hostile files, through the built CLI: every one ends with a clear
// message naming the path — exit 2 for configuration, a finding for a file — and never a
// stack trace or an "internal error".
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, runCli, type CliRun } from '../helpers/cli.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A project: .migrationlintrc.json (raw text, or none) and migrations/ with the given files. */
function project(config: string | undefined, files: Record<string, string> = { '001_create_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n' }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-hostile-'));
  temps.push(dir);
  chmodSync(dir, 0o755);
  if (config !== undefined) writeFileSync(path.join(dir, '.migrationlintrc.json'), config);
  mkdirSync(path.join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'migrations', name), text);
  return dir;
}

function expectNoTrace(run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at |internal error|This is a bug/m);
}

function expectConfigError(run: CliRun, file: string, ...details: RegExp[]): void {
  expect(run.code, run.stderr).toBe(2);
  expectNoTrace(run);
  expect(run.stderr).toContain(file);
  for (const d of details) expect(run.stderr).toMatch(d);
}

const json = (run: CliRun) => JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>;

describe('bad configuration: exit 2 with the path and the key', () => {
  const cases: Array<[string, string, RegExp[]]> = [
    ['malformed JSON', '{ "migrations": ', [/invalid JSON/]],
    ['an empty file', '', [/invalid JSON/]],
    ['an array', '[]', [/\(root\): .*expected object/]],
    ['null', 'null', [/\(root\): .*expected object/]],
    ['wrong types', '{"pgVersion": "16", "migrations": 5, "apply": {"lockWait": "60", "retries": -1}}', [/pgVersion: .*expected number/, /migrations: /, /apply\.lockWait: .*expected number/, /apply\.retries: /]],
    ['unknown keys', '{"migrashuns": ["db"], "apply": {"databaseURL": "postgres://x"}}', [/migrashuns: unknown key/, /apply\.databaseURL: unknown key/]],
    ['an unknown rule and a bad severity', '{"rules": {"no-such-rule": "error"}}', [/rules\.no-such-rule: unknown rule/]],
    ['a bad severity', '{"rules": {"ban-drop-table": "fatal"}}', [/rules\.ban-drop-table/]],
    ['a bad history table name', '{"apply": {"historyTable": "x; DROP TABLE y"}}', [/apply\.historyTable/]],
  ];
  it.each(cases)('%s', (_name, config, details) => {
    const dir = project(config);
    const file = path.join(dir, '.migrationlintrc.json');
    expectConfigError(runCli(['lint'], { cwd: dir }), file, ...details);
    // The apply commands read the same file, the same way.
    expectConfigError(runCli(['apply', '--dry-run'], { cwd: dir }), file, ...details);
    expectConfigError(runCli(['status'], { cwd: dir }), file, ...details);
  });

  it('a directory where the config file should be, and a --config that does not exist', () => {
    const dir = project(undefined);
    mkdirSync(path.join(dir, '.migrationlintrc.json'));
    expectConfigError(runCli(['lint'], { cwd: dir }), path.join(dir, '.migrationlintrc.json'), /cannot read config: EISDIR/);
    expectConfigError(runCli(['lint', '--config', 'nope/.migrationlintrc.json'], { cwd: dir }), path.join(dir, 'nope', '.migrationlintrc.json'), /cannot read config: ENOENT/);
  });

  it('a byte order mark before the JSON (Windows editors) is accepted', () => {
    const dir = project('\ufeff{"migrations": "migrations", "rules": {"ban-drop-table": "error"}}', { '001_drop.sql': 'DROP TABLE a;\n' });
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(json(run)[0]!.messages.map((m) => m.ruleId)).toContain('ban-drop-table');
  });
});

describe('hostile files: a finding with the path, or a clear exit 2', () => {
  it('names with quotes, spaces, unicode and shell syntax are linted as they are', () => {
    const names = [`002_it's a "quoted" name.sql`, '003_ünïcødé 中文 🚀.sql', '004_$(touch pwned) `id` ;|&.sql', '005_ -n --help.sql'];
    const dir = project('{}', Object.fromEntries(names.map((n) => [n, 'DELETE FROM a;\n'])));
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expectNoTrace(run);
    const byFile = new Map(json(run).map((f) => [path.basename(f.filePath), f.messages.map((m) => m.ruleId)]));
    for (const n of names) expect(byFile.get(n), n).toContain('ban-delete-without-where');
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('symlink loops, broken links and a FIFO in the migrations directory are reported, not skipped or waited on', () => {
    const dir = project('{}');
    const m = (f: string) => path.join(dir, 'migrations', f);
    symlinkSync('../migrations', m('loop'));
    symlinkSync('002_self.sql', m('002_self.sql'));
    symlinkSync('nowhere.sql', m('003_gone.sql'));
    const fifo = spawnSync('mkfifo', [m('004_pipe.sql')]);
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expectNoTrace(run);
    const byFile = new Map(json(run).map((f) => [path.basename(f.filePath), f.messages.filter((x) => x.ruleId === 'invalid-file').map((x) => x.message).join()]));
    expect(byFile.get('002_self.sql')).toMatch(/ELOOP/);
    expect(byFile.get('003_gone.sql')).toMatch(/ENOENT/);
    if (fifo.status === 0) {
      expect(byFile.get('004_pipe.sql')).toMatch(/not a regular file \(a named pipe\)/);
      // Named on the command line, it is not opened (reading it would wait for a writer forever).
      const direct = runCli(['lint', 'migrations/004_pipe.sql'], { cwd: dir });
      expect(direct.code, direct.stderr).toBe(1);
      expect(direct.stdout).toMatch(/not a regular file/);
    }
  });

  it('an unreadable file is a finding and an unreadable directory a clear exit 2 (as an unprivileged user)', () => {
    const dir = project('{}', { '001_a.sql': 'SELECT 1;\n', '002_secret.sql': 'SELECT 2;\n' });
    chmodSync(path.join(dir, 'migrations', '002_secret.sql'), 0o000);
    const asUser = (args: string[]): CliRun => {
      const isRoot = process.getuid?.() === 0;
      const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
      const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const file = asUser(['lint', '--format', 'json']);
    expect(file.code, file.stderr).toBe(1);
    expectNoTrace(file);
    const secret = json(file).find((f) => f.filePath.endsWith('002_secret.sql'));
    expect(secret?.messages.map((x) => `${x.ruleId}: ${x.message}`).join()).toMatch(/invalid-file: .*EACCES.*002_secret\.sql/);
    mkdirSync(path.join(dir, 'migrations', 'sub'), { mode: 0o000 });
    chmodSync(path.join(dir, 'migrations', 'sub'), 0o000);
    const sub = asUser(['lint']);
    expect(sub.code, sub.stderr).toBe(2);
    expectNoTrace(sub);
    expect(sub.stderr).toContain(`cannot read "${path.join(dir, 'migrations', 'sub')}": permission denied`);
  });
});
