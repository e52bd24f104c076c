// Runs the apply commands in-process on a captured CliIO: a commander program with the root
// --config option, as src/cli.ts builds it.
import { Command, CommanderError } from 'commander';
import { registerApplyCommands } from '../../src/cli-apply.js';
import type { CliIO } from '../../src/cli-io.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for "never appears anywhere" checks. */
  all: string;
}

export async function runApplyCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean }): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: opts.isTTY ?? false,
    color: false,
    stderrColor: false,
    env: opts.env ?? {},
    cwd: opts.cwd,
    setExitCode: (c) => void (code = Math.max(code, c)),
  };
  const program = new Command('migrationlint')
    .option('-c, --config <path>', 'config file')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerApplyCommands(program, io);
  try {
    await program.parseAsync(['node', 'migrationlint', ...args]);
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (err instanceof Error && (err.name === 'ConfigError' || err.name === 'DiscoveryError')) {
      stderr += `migrationlint: ${err.message}\n`;
      code = 2;
    } else throw err;
  }
  return { code, stdout, stderr, all: stdout + stderr };
}
