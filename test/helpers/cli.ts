// Run the built CLI (bin/migrationlint.js → dist/) as a user would.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(repoRoot, 'bin', 'migrationlint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `opts.bin`: another entry point (a copy of the built CLI), default the repository's bin. */
export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string | undefined>; bin?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [opts.bin ?? bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    timeout: 120_000,
    maxBuffer: 1 << 30, // a JSON report of the whole shared corpus is several MB
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
