// The bundled CLI (bin/migrationlint.js → dist/bundle/cli.js, workers from dist/bundle/lint-worker.js):
// --jobs gives the report --jobs 1 gives, byte for byte; a worker that cannot start is an error.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, type CliRun } from '../helpers/cli.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';
import { fixtureProject } from './fixture.js';

const fixturePaths = ['app', 'svc', 'diesel', 'misc'];

function expectSameRun(run: CliRun, reference: CliRun): void {
  expect(run.stderr).toBe(reference.stderr);
  expect(run.code).toBe(reference.code);
  expect(run.stdout).toBe(reference.stdout);
}

describe('lint --jobs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fixtureProject();
  });

  it.each(['json', 'stylish', 'sarif'])('gives the --jobs 1 report in %s format', (format) => {
    const single = runCli(['lint', '--format', format, '--jobs', '1', ...fixturePaths], { cwd: dir });
    expect(single.code).toBe(1);
    expect(single.stdout).toContain('require-down-migration');
    expectSameRun(runCli(['lint', '--format', format, '--jobs', '3', ...fixturePaths], { cwd: dir }), single);
  });

  it.each(['0', '-1', '1.5', 'many'])('rejects --jobs %s as a usage error', (value) => {
    const run = runCli(['lint', '--jobs', value, ...fixturePaths], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`option '-j, --jobs <n>' argument '${value}' is invalid. expected "auto" or a whole number ≥ 1`);
    expect(run.stderr).not.toContain('internal error');
  });

  it('fails with exit 2 and a message, not a hang, when the worker cannot start', () => {
    // A copy of the bundle without its worker script.
    const install = mkdtempSync(join(tmpdir(), 'mlint-no-worker-'));
    cpSync(join(repoRoot, 'bin'), join(install, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'dist', 'bundle'), join(install, 'dist', 'bundle'), { recursive: true });
    rmSync(join(install, 'dist', 'bundle', 'lint-worker.js'));
    symlinkSync(join(repoRoot, 'node_modules'), join(install, 'node_modules'), 'dir');
    const run = (jobs: string) =>
      spawnSync(process.execPath, [join(install, 'bin', 'migrationlint.js'), 'lint', '--jobs', jobs, ...fixturePaths], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    const parallel = run('2');
    expect(parallel.status).toBe(2);
    expect(parallel.stderr).toMatch(/^migrationlint: internal error: lint worker failed: .*lint-worker\.js/);
    expect(parallel.stdout).toBe('');
    expect(run('1').status).toBe(1);
    rmSync(install, { recursive: true, force: true });
  });
});

describe.runIf(hasCorpus || inCI)('lint --jobs on the shared corpus', () => {
  it('gives the --jobs 1 JSON report with worker threads, forced and auto', () => {
    if (!requireCorpus()) return;
    const repos = readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const lint = (jobs: string) => runCli(['lint', '--format', 'json', '--jobs', jobs, ...repos], { cwd: corpusDir });
    const single = lint('1');
    expect(single.code).toBe(1);
    expect(JSON.parse(single.stdout).length).toBeGreaterThan(2000);
    expectSameRun(lint('2'), single);
    expectSameRun(lint('auto'), single);
  }, 300_000); // three whole-corpus runs: ~10 s on a quiet machine, minutes beside a loaded suite
});
