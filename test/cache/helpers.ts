// Projects in temporary directories and `lint` runs with and without --cache, through the built CLI.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';

export function project(files: Record<string, string>, config: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-cache-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(config));
  write(dir, files);
  return dir;
}

export function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

export const remove = (dir: string, name: string) => rmSync(join(dir, name));

export interface CachedRun extends CliRun {
  /** Migrations whose findings came from the cache, and those analysed (MIGRATIONLINT_CACHE_STATS). */
  hit: number;
  missed: number;
}

export interface LintCall {
  cwd: string;
  args?: string[];
  format?: string;
  /** Another CLI entry (a copy of the bundle), default the repository's bin. */
  bin?: string;
  /** --cache-location (ignored without --cache). */
  cacheLocation?: string;
}

function statsOf(run: CliRun): { hit: number; missed: number } {
  const match = /^cache: (\d+) hit, (\d+) missed$/m.exec(run.stderr);
  if (!match) throw new Error(`no cache stats in stderr: ${run.stderr}`);
  return { hit: Number(match[1]), missed: Number(match[2]) };
}

export function lintCached({ cwd, args = [], format = 'json', bin, cacheLocation }: LintCall): CachedRun {
  const argv = ['lint', '--cache', ...(cacheLocation ? ['--cache-location', cacheLocation] : []), '-f', format, ...args];
  const run = runCli(argv, { cwd, env: { MIGRATIONLINT_CACHE_STATS: '1' }, ...(bin ? { bin } : {}) });
  return { ...run, ...statsOf(run) };
}

export function lintUncached({ cwd, args = [], format = 'json' }: LintCall): CliRun {
  return runCli(['lint', '-f', format, ...args], { cwd });
}
