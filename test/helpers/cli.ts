// Run the built CLI (bin/migrationlint.js → dist/) as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(repoRoot, 'bin', 'migrationlint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  env?: Record<string, string | undefined>;
  /** Another entry point (a copy of the built CLI), default the repository's bin. */
  bin?: string;
}

const TIMEOUT_MS = 120_000;

function cliEnv(opts: CliOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

export function runCli(args: string[], opts: CliOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [opts.bin ?? bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: cliEnv(opts),
    timeout: TIMEOUT_MS,
    maxBuffer: 1 << 30, // a JSON report of the whole shared corpus is several MB
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** runCli without blocking this process, so that several runs can share the machine's cores. */
export function runCliAsync(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.bin ?? bin, ...args], { cwd: opts.cwd ?? repoRoot, env: cliEnv(opts), timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
