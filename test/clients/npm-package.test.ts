// The npm package as a user gets it: `npm pack` of the built repository, installed into a fresh
// project with `npm install -D <tarball>`, then run there through `npx --no-install`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { run, userEnv, type Run } from './user-env.js';

const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const tarballName = `${name}-${version}.tgz`;
// npm's default log level, said explicitly: what pre-commit reads from `npm pack` must not depend on a quieter one.
const env = userEnv({ npm_config_loglevel: 'notice' });

describe('the npm package', () => {
  let work: string;
  let app: string;
  let pack: Run;
  let contents: string[];
  let install: Run;
  const npx = (...args: string[]) => run('npx', ['--no-install', 'migrationlint', ...args], app, env);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'mlint-package-'));
    pack = run('npm', ['pack', '--pack-destination', work], repoRoot, env);
    const tarball = join(work, tarballName);
    contents = run('tar', ['-tzf', tarball], work, env).stdout.split('\n').filter(Boolean);
    app = join(work, 'app');
    mkdirSync(join(app, 'migrations'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    writeFileSync(join(app, 'migrations', '001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n');
    run('git', ['init', '-q'], app, env);
    install = run('npm', ['install', '-D', tarball, '--no-audit', '--no-fund'], app, env);
  }, 300_000);

  // The project's node_modules and embedded database: ~100 MB.
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('npm pack runs no script and prints only the tarball name', () => {
    expect(pack).toMatchObject({ code: 0, stdout: `${tarballName}\n` });
  });

  it('holds the tool, its types, the schema and the licence — not the tests, benchmarks or scripts', () => {
    for (const file of ['bin/migrationlint.js', 'dist/bundle/start.cjs', 'dist/bundle/cli.cjs', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/rules/index.js', 'schema/migrationlintrc.schema.json', 'LICENSE', 'README.md', 'package.json']) {
      expect(contents).toContain(`package/${file}`);
    }
    expect(contents.filter((f) => /^package\/dist\/(test|bench|scripts)\//.test(f))).toEqual([]);
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('installs with npm install -D <tarball>, with no install script to approve or warn about', () => {
    expect(install.stderr).not.toMatch(/install-scripts|allowScripts|install script/i);
    expect(install.code).toBe(0);
  });

  it('runs init, lint, apply on the embedded PGlite and status in the project', () => {
    const init = npx('init');
    expect(init.stderr).toContain('.migrationlint/db, with a .gitignore of its own');
    expect(init.code).toBe(0);
    expect(npx('lint')).toMatchObject({ code: 0, stdout: '' });
    const apply = npx('apply');
    expect(apply.stderr + apply.stdout).toMatch(/applied +001 orders/);
    expect(apply.code).toBe(0);
    const status = npx('status');
    expect(status.stdout).toMatch(/^001 +orders +applied /m);
    expect(status.stdout).toContain('1 applied, 0 pending');
    expect(status.code).toBe(0);
  });

  it('keeps the embedded database out of git: its directory has a .gitignore', () => {
    expect(readFileSync(join(app, '.migrationlint', 'db', '.gitignore'), 'utf8')).toBe('*\n');
    const untracked = run('git', ['status', '--porcelain', '--untracked-files=all'], app, env).stdout;
    expect(untracked).toContain('migrations/001_orders.sql');
    expect(untracked).not.toContain('.migrationlint/');
  });
});
