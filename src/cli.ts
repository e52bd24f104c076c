// The command-line program: the only place that reads argv, writes stdout/stderr and decides
// exit codes (0 clean, 1 findings/refused, 2 usage/config/internal error).
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from './config.js';
import { DiscoveryError } from './discover.js';
import type { CliIO } from './cli-io.js';
import { registerLintCommand } from './cli-lint.js';
import { registerExplainCommand } from './cli-explain.js';
import { registerInfoCommands } from './cli-info.js';
import { registerApplyCommands } from './cli-apply.js';
import { registerVerifyCommands } from './cli-verify.js';
import { registerLspCommand } from './lsp/command.js';
import { registerStatsCommand } from './cli-stats.js';
import { printable } from './output-safe.js';
import { VERSION } from './version.js';
import { isCharacterDevice, syncWriter, writeToFd } from './stdout-sync.js';
import { isatty } from 'node:tty';

export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

export function processIO(): CliIO {
  const env = process.env;
  // `migrationlint lint | head`: a reader that goes away is not an error of ours.
  const readerGone = () => process.exit(process.exitCode ?? 0);
  const watched = new Set<NodeJS.WriteStream>();
  const guarded = (stream: NodeJS.WriteStream) => {
    if (!watched.has(stream)) {
      watched.add(stream);
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        readerGone();
      });
    }
    return stream;
  };
  // Streams are made only for a terminal (or /dev/null), or when stderr is written.
  const terminal = (fd: number) => isCharacterDevice(fd) && isatty(fd);
  const stdoutTerminal = terminal(1);
  const stderrTerminal = terminal(2);
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  // no-color.org: NO_COLOR disables colors when it is set and not empty.
  const colorFor = (isTerminal: boolean) => forced || ((env.NO_COLOR ?? '') === '' && isTerminal);
  // A Windows console takes text through its stream (WriteConsoleW), not as bytes.
  const stdoutThroughStream = stdoutTerminal && process.platform === 'win32';
  const stdout = stdoutThroughStream ? (s: string) => void guarded(process.stdout).write(s) : syncWriter(writeToFd(1), () => guarded(process.stdout));
  return {
    stdout,
    stderr: (s) => guarded(process.stderr).write(s),
    isTTY: stderrTerminal,
    color: colorFor(stdoutTerminal),
    stderrColor: colorFor(stderrTerminal),
    env,
    cwd: process.cwd(),
    setExitCode: (code) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
    },
  };
}

export function buildProgram(io: CliIO): Command {
  const program = new Command('migrationlint')
    .description('Lint PostgreSQL migrations on the real Postgres parser; apply only lint-clean ones.')
    .version(VERSION, '-v, --version')
    .option('-c, --config <path>', 'path to .migrationlintrc.json (default: found upward from the linted path or cwd)')
    .addOption(new Option('--no-color', 'disable colors (NO_COLOR is honored too)'))
    .showHelpAfterError()
    // `lint --help` lists -c/--config and --no-color too: they work after every command.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook('preAction', (_root, action) => {
    if (action.optsWithGlobals().color === false) io.color = io.stderrColor = false;
  });
  registerLintCommand(program, io);
  registerExplainCommand(program, io);
  registerInfoCommands(program, io);
  registerApplyCommands(program, io);
  registerVerifyCommands(program, io);
  registerLspCommand(program);
  registerStatsCommand(program, io);
  return program;
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code = 0;
  const tracked: CliIO = { ...io, setExitCode: (c) => (code = Math.max(code, c)) };
  try {
    await buildProgram(tracked).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      code = error.exitCode === 0 ? 0 : EXIT.usage;
    } else if (error instanceof ConfigError || error instanceof DiscoveryError) {
      io.stderr(`migrationlint: ${printable(error.message, { keepLayout: true })}\n`);
      code = EXIT.usage;
    } else {
      const detail = io.env.MIGRATIONLINT_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
      io.stderr(`migrationlint: internal error: ${printable(error instanceof Error ? error.message : String(error), { keepLayout: true })}${printable(detail, { keepLayout: true })}\n`);
      io.stderr('This is a bug in migrationlint; set MIGRATIONLINT_DEBUG=1 for the stack trace.\n');
      code = EXIT.usage;
    }
  }
  return code;
}
