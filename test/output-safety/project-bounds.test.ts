// Migration files stay inside the project, through the built CLI with real symlinks: a link (or a
// configured path) that leads outside the config's directory and the repository is refused as
// invalid-file without being read; a file that is not SQL (a link to ../.env) is refused without
// echoing a line; --fix writes nothing outside; "allowOutside" lets a monorepo name a directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reporters } from '../../src/reporters/index.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const ENV_FILE = 'SECRET_KEY=hunter2-do-not-print\nDB_PASSWORD=s3cret-do-not-print\n';
const SHADOW_FILE = 'root:$6$do-not-print$hash:19000:0:99999:7:::\n';
const OUTSIDE_SQL = 'CREATE INDEX ix ON t (a);\n';
const SECRETS = ['hunter2-do-not-print', 's3cret-do-not-print', 'do-not-print$hash'];

let base = '';
let repo = '';
let outside = '';
beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'ml-bounds-'));
  repo = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(repo, 'db', 'migrations'), { recursive: true });
  mkdirSync(outside);
  spawnSync('git', ['init', '-q', repo]);
  writeFileSync(path.join(repo, '.env'), ENV_FILE);
  writeFileSync(path.join(outside, 'shadow'), SHADOW_FILE);
  writeFileSync(path.join(outside, '010_evil.sql'), OUTSIDE_SQL);
  // The config sits in db/, below the repository root.
  writeFileSync(path.join(repo, 'db', '.migrationlintrc.json'), '{ "migrations": "migrations" }');
  const m = path.join(repo, 'db', 'migrations');
  writeFileSync(path.join(m, '001_create_t.sql'), 'CREATE TABLE t (a bigint);\n');
  symlinkSync('../../.env', path.join(m, '002_env.sql'));
  symlinkSync(path.join(outside, 'shadow'), path.join(m, '003_shadow.sql'));
  symlinkSync('../../../outside/010_evil.sql', path.join(m, '004_evil.sql'));
  writeFileSync(path.join(m, '005_settings.sql'), 'API_TOKEN=hunter2-do-not-print\n');
  symlinkSync('/etc/passwd', path.join(m, '006_passwd.sql'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const db = () => path.join(repo, 'db');

function expectNoSecret(label: string, run: CliRun): void {
  for (const s of SECRETS) expect(run.stdout + run.stderr, `${label} printed a line of a file it must not show`).not.toContain(s);
  expect(run.stdout + run.stderr, label).not.toMatch(/root:x:0:0|^\s+at |internal error/m);
}

describe('files outside the project', () => {
  it('are refused (invalid-file with the path), and non-SQL files inside are refused without a line of them, in every format', () => {
    for (const format of Object.keys(reporters)) {
      const run = runCli(['lint', '-f', format], { cwd: db() });
      expect(run.code, `${format}: ${run.stderr}`).toBe(1);
      expectNoSecret(format, run);
    }
    const run = runCli(['lint', '-f', 'gcc'], { cwd: db() });
    const notSql = 'error: does not look like SQL (a key=value, key: value, JSON, key or certificate file): not checked, its lines are not shown [invalid-file]';
    const outsideOf = (target: string) => `error: resolves to ${target}, which is outside the project (the config's directory and the repository): not read; list its directory in "allowOutside" of the config to lint it [invalid-file]`;
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      `migrations/002_env.sql:1:1: ${notSql}`,
      `migrations/003_shadow.sql:1:1: ${outsideOf(path.join(outside, 'shadow'))}`,
      `migrations/004_evil.sql:1:1: ${outsideOf(path.join(outside, '010_evil.sql'))}`,
      `migrations/005_settings.sql:1:1: ${notSql}`,
      `migrations/006_passwd.sql:1:1: ${outsideOf('/etc/passwd')}`,
    ]);
    // No code frame either.
    expect(runCli(['lint'], { cwd: db() }).stdout).not.toMatch(/\|\s/);
  });

  it('--fix never writes outside the project, and fixes what is inside', () => {
    writeFileSync(path.join(db(), 'migrations', '007_index.sql'), 'CREATE INDEX ix2 ON t (a);\n');
    try {
      const run = runCli(['lint', '--fix'], { cwd: db() });
      expectNoSecret('--fix', run);
      expect(readFileSync(path.join(outside, '010_evil.sql'), 'utf8')).toBe(OUTSIDE_SQL);
      expect(readFileSync(path.join(db(), 'migrations', '007_index.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY ix2 ON t (a);\n');
    } finally {
      rmSync(path.join(db(), 'migrations', '007_index.sql'));
    }
  });

  it('a configured path or a symlinked directory outside is refused; "allowOutside" admits it (monorepos)', () => {
    const shared = path.join(base, 'shared-migrations');
    mkdirSync(shared);
    writeFileSync(path.join(shared, '001_index_s.sql'), 'CREATE INDEX ix ON s (a);\n');
    const project = path.join(repo, 'svc');
    mkdirSync(project);
    symlinkSync(shared, path.join(project, 'linked'));
    const write = (config: object) => writeFileSync(path.join(project, '.migrationlintrc.json'), JSON.stringify(config));

    const why = { '../../shared-migrations': 'is outside the project', linked: `resolves to ${path.join(shared, '001_index_s.sql')}, which is outside the project` };
    for (const [migrations, message] of Object.entries(why)) {
      write({ migrations });
      const refused = runCli(['lint', '-f', 'gcc'], { cwd: project });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`001_index_s.sql:1:1: error: ${message}`);
      expect(refused.stdout).not.toContain('require-concurrent-index-creation');

      write({ migrations, allowOutside: ['../../shared-migrations'] });
      const allowed = runCli(['lint', '-f', 'gcc'], { cwd: project });
      expect(allowed.code).toBe(1);
      expect(allowed.stdout).not.toContain('invalid-file');
      expect(allowed.stdout).toContain('001_index_s.sql:1:1: error: CREATE INDEX on s without CONCURRENTLY');
    }
  });

  it('a file named on the command line is linted where it is; a symlink inside a named directory is still held to it', () => {
    const named = runCli(['lint', '-f', 'gcc', path.join(outside, '010_evil.sql')], { cwd: db() });
    expect(named.stdout).toContain('010_evil.sql:1:1: error: CREATE INDEX on t without CONCURRENTLY');
    const dir = runCli(['lint', '-f', 'gcc', 'migrations'], { cwd: db() });
    expect(dir.stdout).toContain('migrations/004_evil.sql:1:1: error: resolves to');
    expectNoSecret('lint migrations', dir);
  });
});
