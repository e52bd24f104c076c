// The composite action's run step (.github/action/lint.sh), run the way the runner runs it: in the
// `working-directory` input under $GITHUB_WORKSPACE, inputs in INPUT_* variables, outputs appended
// to $GITHUB_OUTPUT, the job summary to $GITHUB_STEP_SUMMARY.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { bin, repoRoot } from '../helpers/cli.js';
import { githubSarifProblems } from '../reporters/github-sarif.js';
import { sarifSchemaErrors } from '../reporters/sarif-schema.js';

const script = join(repoRoot, '.github', 'action', 'lint.sh');
const BAD = { 'db/001_a.sql': 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n' };
const SUPPRESSED = { 'db/002_b.sql': '-- migrationlint-ignore ban-drop-table -- the table was never used\nDROP TABLE legacy_orders;\n' };

/** A repository (the workspace) holding the project in services/db, with a config there. */
function workspace(files: Record<string, string>): { workspace: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlint-action-'));
  execFileSync('git', ['init', '-q', root]);
  const project = join(root, 'services', 'db');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(project, name, '..'), { recursive: true });
    writeFileSync(join(project, name), text);
  }
  return { workspace: root, project };
}

/** The project's own migrationlint, counting its runs (the action must lint once). */
function installCountingCli(project: string): string {
  const runs = join(project, 'cli-runs.txt');
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  const wrapper = join(project, 'node_modules', '.bin', 'migrationlint');
  writeFileSync(wrapper, `#!/bin/sh\necho run >> "${runs}"\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return runs;
}

function runStep(ws: { workspace: string; project: string }, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const output = join(ws.workspace, '..', `${ws.workspace.split('/').pop()}-output.txt`);
  const summary = join(ws.workspace, '..', `${ws.workspace.split('/').pop()}-summary.md`);
  writeFileSync(output, '');
  writeFileSync(summary, '# Earlier step\n\n');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_WORKSPACE: ws.workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    MIGRATIONLINT_ACTION_PATH: repoRoot,
    NO_COLOR: '1',
    ...extraEnv,
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase().replace(/-/g, '_')}`] = value;
  const run = spawnSync('bash', [script], { cwd: ws.project, env, encoding: 'utf8', timeout: 120_000 });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs, summary: readFileSync(summary, 'utf8') };
}

const sarifAt = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Log;

describe('GitHub Action run step', () => {
  it('lints once from the working directory: annotations, an absolute SARIF path, the job summary', () => {
    const ws = workspace({ ...BAD, ...SUPPRESSED });
    const runs = installCountingCli(ws.project);
    const step = runStep(ws, { 'fail-on': 'error', 'sarif-file': 'out/results.sarif' });
    expect(step.code).toBe(0); // the upload step must still run
    const sarif = join(ws.project, 'out', 'results.sarif');
    expect(step.outputs).toEqual({ 'sarif-file': sarif, 'exit-code': '1', failed: 'true' });
    expect(readFileSync(runs, 'utf8')).toBe('run\n');
    // Paths from the repository root, where the runner and code scanning resolve them.
    expect(step.stdout).toMatch(/^::error file=services\/db\/db\/001_a\.sql,line=1,col=1,.*title=require-concurrent-index-creation::/m);
    const log = sarifAt(sarif);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
    expect(log.runs[0].automationDetails).toEqual({ id: 'migrationlint/' });
    expect(log.runs[0].results?.map((r) => [r.ruleId, r.locations?.[0].physicalLocation?.artifactLocation?.uri])).toEqual([
      ['require-concurrent-index-creation', 'services/db/db/001_a.sql'],
    ]);
    expect(step.summary.startsWith('# Earlier step\n\n### migrationlint: 1 error, 0 warnings in 2 files\n')).toBe(true);
    expect(step.summary).toContain('| 1 | `CREATE INDEX orders_customer_idx ON orders (customer_id)` | SHARE | orders | writes | scan |');
    expect(step.summary).toContain('| 2 | `DROP TABLE legacy_orders` | ACCESS EXCLUSIVE | legacy\\_orders | reads, writes |  |');
  });

  it('keeps suppressed findings in the SARIF log with include-suppressed, under the category asked for', () => {
    const ws = workspace(SUPPRESSED);
    const step = runStep(ws, { 'include-suppressed': 'true', category: 'db-migrations', summary: 'false' });
    expect(step.outputs).toMatchObject({ 'exit-code': '0', failed: 'false' });
    const log = sarifAt(step.outputs['sarif-file']);
    expect(log.runs[0].automationDetails).toEqual({ id: 'db-migrations/' });
    expect(log.runs[0].results?.map((r) => [r.ruleId, r.suppressions])).toEqual([['ban-drop-table', [{ kind: 'inSource', status: 'accepted', justification: 'the table was never used' }]]]);
    expect(step.summary).toBe('# Earlier step\n\n');
  });

  it('honours fail-on: never passes with errors, warning fails on warnings alone', () => {
    expect(runStep(workspace(BAD), { 'fail-on': 'never' }).outputs).toMatchObject({ 'exit-code': '1', failed: 'false' });
    const warningsOnly = workspace({ 'db/001_a.sql': '-- nothing yet\n' });
    expect(runStep(warningsOnly, { 'fail-on': 'error' }).outputs).toMatchObject({ 'exit-code': '0', failed: 'false' });
    expect(runStep(warningsOnly, { 'fail-on': 'warning' }).outputs).toMatchObject({ 'exit-code': '1', failed: 'true' });
  });

  it('passes paths and config through, globs unexpanded, and skips annotations when asked', () => {
    const ws = workspace({ ...BAD, 'other/002_b.sql': 'DROP INDEX orders_customer_idx;\n' });
    writeFileSync(join(ws.project, 'alt.json'), JSON.stringify({ migrations: ['nowhere'] }));
    const step = runStep(ws, { paths: 'other/*.sql', config: 'alt.json', annotations: 'false' });
    expect(step.stdout).toBe('');
    expect(sarifAt(join(ws.project, 'migrationlint.sarif')).runs[0].results?.map((r) => r.ruleId)).toEqual(['require-concurrent-index-deletion']);
  });

  it('fails the step on a config error with its message, and sets no sarif-file (nothing to upload)', () => {
    const ws = workspace(BAD);
    writeFileSync(join(ws.project, '.migrationlintrc.json'), JSON.stringify({ rules: { nope: 'error' } }));
    const step = runStep(ws, {});
    expect(step.code).toBe(2);
    expect(step.outputs).toEqual({ 'exit-code': '2' });
    expect(step.stdout).toMatch(/^::error title=migrationlint::.*rules\.nope/m);
    expect(step.summary).toContain('### migrationlint could not run');
    expect(runStep(workspace(BAD), { 'fail-on': 'sometimes' })).toMatchObject({ code: 2, outputs: { 'exit-code': '2' } });
  });

  it('refuses a Node older than 20.15 on PATH with a message, instead of installing another', () => {
    const fakeBin = mkdtempSync(join(tmpdir(), 'mlint-old-node-'));
    writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\n[ "$1" = --version ] && { echo v18.19.0; exit 0; }\nexit 1\n');
    chmodSync(join(fakeBin, 'node'), 0o755);
    const step = runStep(workspace(BAD), {}, { PATH: `${fakeBin}:${process.env.PATH ?? ''}` });
    expect(step.code).toBe(2);
    expect(step.stdout).toContain('::error title=migrationlint::migrationlint needs Node.js 20.15 or later on PATH (found: v18.19.0)');
    expect(step.outputs).toEqual({ 'exit-code': '2' });
  });

  it('is wired in action.yml: every input the script reads is passed, upload-sarif v4 only after a run, no setup-node', () => {
    const action = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    const used = new Set([...readFileSync(script, 'utf8').matchAll(/\bINPUT_[A-Z_]+/g)].map((m) => m[0]));
    for (const name of used) {
      const input = name.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-');
      expect(action).toContain(`${name}: \${{ inputs.${input} }}`);
      expect(action).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
    }
    expect(action).toContain('run: bash "$MIGRATIONLINT_ACTION_PATH/.github/action/lint.sh"');
    expect(action).toContain('working-directory: ${{ inputs.working-directory }}');
    expect(action).toContain("- if: inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != ''\n      id: upload\n      uses: github/codeql-action/upload-sarif@v4");
    expect(action).toContain('sarif_file: ${{ steps.lint.outputs.sarif-file }}');
    expect(action).not.toMatch(/uses: actions\/setup-node|always\(\)/);
    expect(existsSync(join(repoRoot, 'dist', 'bundle', 'cli.js'))).toBe(true);
  });
});
