// `migrationlint apply | down | status | resolve | new`: thin commands over src/apply/engine.ts.
// Every line they write passes through the redactor, so no password reaches the terminal.
// The engine (and the pg driver) is imported when a command runs, so `lint` never loads it.
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import type { ApplyOptions } from './apply/engine.js';
import { ApplyError } from './apply/errors.js';
import { printable } from './output-safe.js';
import { stylish } from './reporters/stylish.js';
import { context, guarded, interruptible, type ConnectionFlags, type Ctx } from './cli-apply-context.js';
import { finish, jsonReporter, printStatus, textReporter, toJson } from './cli-apply-output.js';

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected seconds ≥ 0, got "${value}"`);
  return n;
}

function parseSteps(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

const formatOption = () => new Option('--format <format>', 'output: text (stderr) or json (JSON lines on stdout)').choices(['text', 'json']).default('text');
const urlOption = () => new Option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL, or apply.databaseUrlEnv; else the embedded PGlite database)');
const lockWaitOption = () => new Option('--lock-wait <seconds>', 'how long to wait for another run to finish (default: apply.lockWait, 60)').argParser(parseSeconds);

interface ApplyFlags extends ConnectionFlags {
  to?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
  backup?: string;
  verify?: boolean;
  shadowUrl?: string;
}

/** `apply --verify`: the hook that replays the set on a throwaway database first, and shows its findings. */
async function verifyHook(ctx: Ctx, shadowUrl: string | undefined): Promise<NonNullable<ApplyOptions['verify']>> {
  const { verifyGate } = await import('./verify/apply-gate.js');
  return verifyGate({
    cwd: ctx.io.cwd,
    config: ctx.config,
    env: ctx.io.env,
    ...(shadowUrl ? { shadowUrl } : {}),
    onFindings: (findings, files, blocking) => {
      if (ctx.json) ctx.out(`${toJson({ type: 'verify', errors: blocking, findings })}\n`);
      else if (findings.length > 0) ctx.err(stylish({ findings, files }, { cwd: ctx.io.cwd, color: ctx.cErr.level > 0 }));
      else ctx.err(ctx.cErr.dim('verify: every migration applies, and every down restores the schema\n'));
    },
  });
}

interface DownFlags extends ConnectionFlags {
  steps?: number;
  to?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
}

export function registerApplyCommands(program: Command, io: CliIO): void {
  program
    .command('apply')
    .description('lint the pending migrations, then apply them (each in its own transaction when it can)')
    .option('--to <version>', 'apply up to and including this version')
    .option('--dry-run', 'print the plan (mode, statements, locks) without changing the database')
    .option('--retry-failed', 'resume a migration that failed statement by statement, at the statement that failed')
    .option('--backup <dir>', 'run pg_dump -Fc into a timestamped file in this directory first (PostgreSQL only)')
    .option('--verify', 'first replay the set on a throwaway database (migrationlint verify); refuse if a pending migration fails it')
    .option('--shadow-url <url>', 'with --verify: verify on this server, in a database created and dropped for the run (default: PGlite)')
    .addOption(urlOption())
    .addOption(lockWaitOption())
    .addOption(formatOption())
    .action(async (flags: ApplyFlags, command: Command) => {
      await guarded(io, async (redactor) => {
        const ctx = await context(io, command, flags, redactor);
        if (flags.shadowUrl && !flags.verify) throw new ApplyError('--shadow-url is for --verify', 2, 'usage');
        const { apply } = await import('./apply/engine.js');
        const verify = flags.verify ? await verifyHook(ctx, flags.shadowUrl) : undefined;
        const { result: outcome, interrupts } = await interruptible(ctx, (signal) => apply({
          ...ctx.engine,
          signal,
          onEvent: ctx.json ? jsonReporter(ctx) : textReporter(ctx, { ing: 'applying', ed: 'applied' }),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
          dryRun: flags.dryRun === true,
          retryFailed: flags.retryFailed === true,
          ...(flags.backup !== undefined ? { backupDir: flags.backup } : {}),
          ...(verify ? { verify } : {}),
        }));
        finish(ctx, outcome, interrupts);
      });
    });

  program
    .command('down')
    .description('lint the down migrations about to run, then roll back the last applied migration(s)')
    .option('--steps <n>', 'roll back this many migrations (default 1)', parseSteps)
    .option('--to <version>', 'roll back every migration applied after this version')
    .option('--dry-run', 'print the plan without changing the database')
    .option('--retry-failed', 'resume a down migration that failed statement by statement')
    .addOption(urlOption())
    .addOption(lockWaitOption())
    .addOption(formatOption())
    .action(async (flags: DownFlags, command: Command) => {
      await guarded(io, async (redactor) => {
        const ctx = await context(io, command, flags, redactor);
        const { down } = await import('./apply/engine.js');
        const { result: outcome, interrupts } = await interruptible(ctx, (signal) => down({
          ...ctx.engine,
          signal,
          onEvent: ctx.json ? jsonReporter(ctx) : textReporter(ctx, { ing: 'rolling back', ed: 'rolled back' }),
          ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
          ...(flags.to !== undefined ? { to: flags.to } : {}),
          dryRun: flags.dryRun === true,
          retryFailed: flags.retryFailed === true,
        }));
        finish(ctx, outcome, interrupts);
      });
    });

  program
    .command('status')
    .description('read the history table of the database and list each migration as applied, pending, drifted (its file changed or is gone since it was applied) or failed, with when, how long and by whom; lints and changes nothing; exit 1 when one failed or drifted')
    .addOption(urlOption())
    .addOption(lockWaitOption())
    .addOption(new Option('--format <format>', 'output on stdout: text (a table) or json (one object)').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 every migration is applied or pending, 1 a migration failed (blocking or not) or drifted, or the database cannot be reached, 2 usage or config error.')
    .action(async (flags: ConnectionFlags, command: Command) => {
      await guarded(io, async (redactor) => {
        const ctx = await context(io, command, flags, redactor);
        const { status } = await import('./apply/engine.js');
        const report = await status({
          ...ctx.engine,
          // Only the wait for another process (PGlite lock file) is worth a line here.
          onEvent: (e) => {
            if (e.type === 'lock-wait' && !ctx.json) ctx.err(`waiting up to ${e.waitSeconds} s for another migrationlint run (${printable(e.holder)})…\n`);
          },
        });
        if (ctx.json) ctx.out(`${toJson(report)}\n`);
        else if (!report.error) printStatus(ctx, report);
        if (report.error) ctx.err(`${ctx.cErr.red('migrationlint:')} ${printable(report.error, { keepLayout: true })}\n`);
        io.setExitCode(report.exitCode);
      });
    });

  program
    .command('resolve')
    .description('record a manual fix: a migration that failed statement by statement, or a drifted one')
    .argument('<version>', 'the migration version')
    .option('--applied', 'record the failed migration as applied (finished by hand) instead of not applied (cleaned up)')
    .addOption(urlOption())
    .addOption(lockWaitOption())
    .addOption(formatOption())
    .action(async (version: string, flags: ConnectionFlags & { applied?: boolean }, command: Command) => {
      await guarded(io, async (redactor) => {
        const ctx = await context(io, command, flags, redactor);
        const { resolve } = await import('./apply/engine.js');
        const { result: res, interrupts } = await interruptible(ctx, (signal) => resolve({
          ...ctx.engine,
          signal,
          onEvent: ctx.json ? jsonReporter(ctx) : textReporter(ctx, { ing: 'resolving', ed: 'resolved' }),
          version,
          markApplied: flags.applied === true,
        }));
        const exitCode = interrupts.exitCode() ?? res.exitCode;
        if (ctx.json) ctx.out(`${toJson({ type: 'result', ...res, exitCode })}\n`);
        else if (res.exitCode === 0) ctx.err(`${printable(res.message, { keepLayout: true })}\n`);
        else ctx.err(`${ctx.cErr.red(exitCode === res.exitCode ? 'migrationlint:' : 'interrupted:')} ${printable(res.message, { keepLayout: true })}\n`);
        io.setExitCode(exitCode);
      });
    });

  program
    .command('new')
    .description("create the next migration in the set's own layout (with its down, when the layout has one)")
    .argument('<name>', 'what the migration does, e.g. add_orders_status')
    .option('--move <file:line>', 'move the statement on that line of the newest migration into the new one (with its no-transaction directive when it needs one)')
    .action(async (name: string, flags: { move?: string }, command: Command) => {
      await guarded(io, async (redactor) => {
        const ctx = await context(io, command, { format: 'text' }, redactor);
        const { newMigration } = await import('./apply/new-migration.js');
        const { moveIntoNewMigration } = await import('./apply/move-statement.js');
        const input = { cwd: io.cwd, config: ctx.config, name };
        const res = flags.move === undefined ? await newMigration(input) : await moveIntoNewMigration(input, flags.move);
        for (const f of res.files) ctx.out(`${printable(path.relative(io.cwd, f) || f)}\n`);
        if (res.summary !== undefined) ctx.out(`${printable(res.summary)}\n`);
        for (const note of res.notes ?? []) ctx.err(`note: ${printable(note)}\n`);
      });
    });
}
