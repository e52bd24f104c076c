// `migrationlint lint [paths…]`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { loadConfig } from './config.js';
import { lint } from './lint.js';
import { reporters } from './reporters/index.js';

interface LintFlags {
  format: string;
  maxWarnings?: number;
  quiet?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

export function registerLintCommand(program: Command, io: CliIO): void {
  program
    .command('lint')
    .description('lint migration files, directories or globs (default: the config\'s migrations, else ./migrations)')
    .argument('[paths...]', 'files, directories or globs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(reporters)).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('--stdin', 'lint SQL read from standard input (editors)')
    .option('--stdin-filename <file>', 'the path the standard input stands for (decides config, layout and set)')
    .action(async (paths: string[], flags: LintFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { config?: string };
      let overrides: Map<string, string> | undefined;
      if (flags.stdin) {
        if (!flags.stdinFilename) throw new Error('--stdin needs --stdin-filename');
        overrides = new Map([[resolve(io.cwd, flags.stdinFilename), readFileSync(0, 'utf8')]]);
        paths = [flags.stdinFilename];
      }
      const config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}), ...(paths[0] ? { searchFrom: paths[0] } : {}) });
      const result = await lint({ cwd: io.cwd, config, ...(paths.length > 0 ? { paths } : {}), ...(overrides ? { overrides } : {}) });
      const reporter = reporters[flags.format];
      io.stdout(reporter({ findings: result.findings, files: result.set.files }, { cwd: io.cwd, color: io.color, quiet: flags.quiet === true }));
      const tooManyWarnings = flags.maxWarnings !== undefined && result.warningCount > flags.maxWarnings;
      if (tooManyWarnings && flags.format === 'stylish') {
        io.stderr(`migrationlint found too many warnings (maximum: ${flags.maxWarnings}).\n`);
      }
      io.setExitCode(result.errorCount > 0 || tooManyWarnings ? 1 : 0);
    });
}
