// The environment of a user's shell for the tests that drive real clients (pre-commit, npm):
// none of the npm_* variables `npm test` exports (a prefix, a log level) leaks into them.
import { spawnSync } from 'node:child_process';
import { inCI } from '../helpers/shared.js';

export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && value !== undefined) env[key] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** True when `command --version` runs; in CI a missing client fails the test instead. */
export function hasClient(command: string): boolean {
  if (spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0) return true;
  if (inCI) throw new Error(`CI=true but ${command} is not installed`);
  console.warn(`skipping: ${command} is not installed`);
  return false;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 540_000, maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
