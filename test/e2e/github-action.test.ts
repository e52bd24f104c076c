// The composite action's run step (.github/action/lint.sh), run offline the way the runner
// runs it: inputs in INPUT_* variables, outputs appended to $GITHUB_OUTPUT.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { sarifSchemaErrors } from '../reporters/sarif-schema.js';

const script = join(repoRoot, '.github', 'action', 'lint.sh');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-action-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function runStep(cwd: string, inputs: Record<string, string>) {
  const output = join(cwd, 'github-output.txt');
  writeFileSync(output, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_OUTPUT: output, MIGRATIONLINT_ACTION_PATH: repoRoot, NO_COLOR: '1' };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase().replace(/-/g, '_')}`] = value;
  const run = spawnSync('bash', [script], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs };
}

const BAD = { 'db/001_a.sql': 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n' };

describe('GitHub Action run step', () => {
  it('writes a valid SARIF log, prints annotations and marks the job failed on errors', () => {
    const dir = project(BAD);
    const step = runStep(dir, { 'fail-on': 'error', 'sarif-file': 'out/results.sarif' });
    expect(step.code).toBe(0); // the upload step must still run
    expect(step.outputs).toEqual({ 'sarif-file': 'out/results.sarif', 'exit-code': '1', failed: 'true' });
    expect(step.stdout).toMatch(/^::error file=db\/001_a\.sql,line=1,col=1,.*title=require-concurrent-index-creation::/m);
    const log = JSON.parse(readFileSync(join(dir, 'out/results.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.map((r) => r.ruleId)).toEqual(['require-concurrent-index-creation']);
  });

  it('honours fail-on: never passes with errors, warning fails on warnings alone', () => {
    expect(runStep(project(BAD), { 'fail-on': 'never' }).outputs).toMatchObject({ 'exit-code': '1', failed: 'false' });
    const warningsOnly = project({ 'db/001_a.sql': '-- nothing yet\n' });
    expect(runStep(warningsOnly, { 'fail-on': 'error' }).outputs).toMatchObject({ 'exit-code': '0', failed: 'false' });
    expect(runStep(warningsOnly, { 'fail-on': 'warning' }).outputs).toMatchObject({ 'exit-code': '1', failed: 'true' });
  });

  it('passes paths and config through, globs unexpanded, and skips annotations when asked', () => {
    const dir = project({ ...BAD, 'other/002_b.sql': 'DROP INDEX orders_customer_idx;\n' });
    writeFileSync(join(dir, 'alt.json'), JSON.stringify({ migrations: ['nowhere'] }));
    const step = runStep(dir, { paths: 'other/*.sql', config: 'alt.json', annotations: 'false' });
    expect(step.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'migrationlint.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(log.runs[0].results.map((r) => r.ruleId)).toEqual(['require-concurrent-index-deletion']);
  });

  it('fails the step itself (exit 2) on a bad config or a bad fail-on, still leaving a SARIF log for a bad config', () => {
    const dir = project(BAD);
    writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ rules: { nope: 'error' } }));
    const step = runStep(dir, {});
    expect(step.code).toBe(2);
    expect(step.outputs).toMatchObject({ 'exit-code': '2', 'sarif-file': 'migrationlint.sarif' });
    expect(existsSync(join(dir, 'migrationlint.sarif'))).toBe(true);
    expect(runStep(project(BAD), { 'fail-on': 'sometimes' }).code).toBe(2);
  });

  it('is wired in action.yml: every input the script reads is passed, and the upload follows', () => {
    const action = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    const used = new Set([...readFileSync(script, 'utf8').matchAll(/\bINPUT_[A-Z_]+/g)].map((m) => m[0]));
    for (const name of used) {
      const input = name.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-');
      expect(action).toContain(`${name}: \${{ inputs.${input} }}`);
      expect(action).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
    }
    expect(action).toContain('run: bash "$MIGRATIONLINT_ACTION_PATH/.github/action/lint.sh"');
    expect(action).toContain('uses: github/codeql-action/upload-sarif@v3');
    expect(action).toContain('sarif_file: ${{ steps.lint.outputs.sarif-file }}');
  });
});
