// Runner tests: read a fixture set under fixtures/runners/<name>/ as discovery and the CLI see it.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../../src/discover.js';
import type { MigrationSet } from '../../src/types.js';
import { repoRoot, runCli, type CliRun } from './cli.js';

export const runnerFixture = (name: string) => path.join(repoRoot, 'fixtures', 'runners', name);

/** The fixture's migrations, with `runner: auto` unless told otherwise. */
export function readRunnerSet(name: string, patterns: string[], runner = 'auto'): Promise<MigrationSet> {
  return discover({ cwd: runnerFixture(name), patterns, runner, assumeInTransaction: false });
}

/** One row per migration: id, runner, layout, up model, down model, up file, down file (relative). */
export function rows(set: MigrationSet, cwd: string): Array<Array<string | null>> {
  const rel = (f: string) => path.relative(cwd, f).split(path.sep).join('/');
  return set.migrations.map((m) => [m.id, m.runner, m.layout, m.up.wrap, m.down?.wrap ?? null, rel(m.up.file), m.down ? rel(m.down.file) : null]);
}

export interface CliFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
  help?: string;
}

/** `migrationlint lint --format json` in the directory: findings as [rule, file, line, message]. */
export function lintFindings(cwd: string, args: string[] = []): { code: number; findings: CliFinding[]; stderr: string } {
  const run = runCli(['lint', '--format', 'json', ...args], { cwd });
  const report = run.stdout ? (JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; message: string; help?: string }> }>) : [];
  const findings = report.flatMap((f) =>
    f.messages.map((m) => ({ rule: m.ruleId, file: path.relative(cwd, f.filePath).split(path.sep).join('/'), line: m.line, message: m.message, ...(m.help ? { help: m.help } : {}) })),
  );
  return { code: run.code, findings, stderr: run.stderr };
}

export const byRule = (findings: readonly CliFinding[], rule: string) => findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}`);

/** `migrationlint new <name>` in a temporary copy of a fixture: the run and the files it added to `dir` (relative, sorted) with their text (a directory's: its entries, one per line). */
export function newInFixtureCopy(fixture: string, name: string, dir: string): { run: CliRun; added: Array<[string, string]> } {
  const work = mkdtempSync(path.join(tmpdir(), `ml-${fixture.replace(/\//g, '-')}-`));
  try {
    cpSync(runnerFixture(fixture), work, { recursive: true });
    const before = new Set(readdirSync(path.join(work, dir)));
    const run = runCli(['new', name], { cwd: work });
    const added = readdirSync(path.join(work, dir))
      .filter((n) => !before.has(n))
      .sort()
      .map((n): [string, string] => {
        const added = path.join(work, dir, n);
        return [n, statSync(added).isDirectory() ? readdirSync(added).sort().join('\n') : readFileSync(added, 'utf8')];
      });
    return { run, added };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
