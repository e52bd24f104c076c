// `migrationlint apply | down | status | resolve | new`: thin commands over src/apply/engine.ts.
// Every line they write passes through the redactor, so no password reaches the terminal.
// The engine (and the pg driver) is imported when a command runs, so `lint` never loads it.
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import type { ApplyOptions, EngineOptions, RunOutcome, StatusReport } from './apply/engine.js';
import type { ApplyEvent, PlannedMigration } from './apply/events.js';
import { ApplyError } from './apply/errors.js';
import { Redactor } from './apply/redact.js';
import { printable, printableJson } from './output-safe.js';
import { stylish } from './reporters/stylish.js';
import { catchInterrupts, type Interrupts } from './cli-signals.js';
import { configForSet, singleSet, withoutConfigFile } from './zero-config.js';

type Format = 'text' | 'json';

interface ConnectionFlags {
  databaseUrl?: string;
  lockWait?: number;
  format: Format;
}

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

/** A CliIO whose output is redacted, plus what every command shares. */
interface Ctx {
  io: CliIO;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Colors for stdout, and for stderr (each follows its own terminal). */
  c: ChalkInstance;
  cErr: ChalkInstance;
  redactor: Redactor;
  config: ResolvedConfig;
  json: boolean;
  engine: EngineOptions;
}

async function context(io: CliIO, command: Command, flags: ConnectionFlags, redactor: Redactor): Promise<Ctx> {
  const globals = command.optsWithGlobals() as { config?: string };
  let config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
  if (withoutConfigFile(config)) config = configForSet(config, await singleSet(io.cwd, command.name(), false, (s) => io.stderr(redactor.redact(s))));
  const json = flags.format === 'json';
  return {
    io,
    out: (s) => io.stdout(redactor.redact(s)),
    err: (s) => io.stderr(redactor.redact(s)),
    c: new Chalk({ level: io.color && !json ? 1 : 0 }),
    cErr: new Chalk({ level: io.stderrColor ? 1 : 0 }),
    redactor,
    config,
    json,
    engine: {
      cwd: io.cwd,
      config,
      env: io.env,
      redactor,
      ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
      ...(flags.lockWait !== undefined ? { lockWait: flags.lockWait } : {}),
    },
  };
}

/**
 * Runs a command body with the redactor its output passes through; anything thrown becomes
 * a redacted message (exit 2 unless it says otherwise).
 */
async function guarded(io: CliIO, body: (redactor: Redactor) => Promise<void>): Promise<void> {
  const redactor = new Redactor();
  try {
    await body(redactor);
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    // Config and discovery problems: the program prints them (exit 2).
    if (name === 'ConfigError' || name === 'DiscoveryError' || name === 'CommanderError') throw err;
    io.stderr(`migrationlint: ${printable(redactor.message(err), { keepLayout: true })}\n`);
    io.setExitCode(err instanceof ApplyError ? err.exitCode : 2);
  }
}

function ms(d: number): string {
  return d < 1000 ? `${Math.round(d)} ms` : `${(d / 1000).toFixed(d < 10_000 ? 2 : 1)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Human output of engine events on stderr, with a one-line progress counter on a TTY. */
function textReporter(ctx: Ctx, verb: { ing: string; ed: string }): (e: ApplyEvent) => void {
  const c = ctx.cErr;
  let progress = false;
  const clear = () => {
    if (progress) ctx.err('\r\x1b[K');
    progress = false;
  };
  const line = (s: string) => {
    clear();
    ctx.err(`${s}\n`);
  };
  return (event) => {
    const e = printableEvent(event);
    switch (e.type) {
      case 'connect':
        line(c.dim(`database: ${e.database}${e.server ? ` (${e.server})` : ''}`));
        break;
      case 'lock-wait':
        line(c.yellow(`waiting up to ${e.waitSeconds} s for another migrationlint run (${e.holder})…`));
        break;
      case 'lint':
        if (e.findings.length > 0) ctx.err(stylish({ findings: e.findings, files: e.files }, { cwd: ctx.io.cwd, color: c.level > 0 }));
        break;
      case 'plan':
        if (!e.dryRun && e.migrations.length === 0) line(e.direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to roll back.');
        break;
      case 'backup':
        line(`backup: ${e.file} (${e.bytes} bytes, ${ms(e.durationMs)})`);
        break;
      case 'start':
        if (ctx.io.isTTY && e.total > 1) {
          clear();
          ctx.err(`[${e.index + 1}/${e.total}] ${verb.ing} ${e.version} ${e.name}…`);
          progress = true;
        }
        if (e.resumeAt !== undefined) line(`resuming ${e.version} ${e.name} at statement ${e.resumeAt + 1}`);
        break;
      case 'statement':
        break;
      case 'retry':
        line(
          c.yellow(
            `lock timeout on ${e.version}${e.statement !== undefined ? ` (statement ${e.statement + 1})` : ''}: retry ${e.attempt} of ${e.of} in ${ms(e.delayMs)}`,
          ),
        );
        break;
      case 'done':
        line(`${c.green(verb.ed.padEnd(11))} ${e.version} ${e.name}  ${c.dim(`${e.mode}, ${ms(e.durationMs)}`)}`);
        break;
      case 'failed': {
        line(`${c.red('failed'.padEnd(11))} ${e.version} ${e.name}  ${c.dim(e.mode)}  at statement ${e.statement + 1}: ${e.error}`);
        if (e.mode === 'transaction') {
          line(`            the transaction was rolled back: nothing of ${e.version} remains; fix it and run again.`);
        } else {
          const took = e.resumeAt === 0 ? 'none of its statements took effect' : e.resumeAt === 1 ? 'its statement 1 took effect' : `its statements 1–${e.resumeAt} took effect`;
          line(`            ${took}; later runs refuse until this is resolved:`);
          line(`            fix the cause, then \`migrationlint ${e.direction === 'up' ? 'apply' : 'down'} --retry-failed\` resumes at statement ${e.resumeAt + 1},`);
          line(`            or undo it by hand and run \`migrationlint resolve ${e.version}\`.`);
        }
        for (const idx of e.invalidIndexes) line(c.yellow(`            INVALID index in the database: ${idx}`));
        break;
      }
      case 'interrupted':
        line(c.yellow(`interrupted: ${e.message}`));
        break;
      case 'info':
        line(c.dim(e.message));
        break;
      case 'warning':
        line(c.yellow(`warning: ${e.message}`));
        break;
      case 'summary':
        clear();
        if (!e.dryRun && e.count > 0) line(`${verb.ed[0]!.toUpperCase()}${verb.ed.slice(1)} ${plural(e.count, 'migration')} in ${ms(e.durationMs)}.`);
        break;
    }
  };
}

/**
 * The event with the names, paths and database messages it carries made printable; the lint
 * event's findings go through the stylish reporter, which escapes them itself.
 */
function printableEvent(e: ApplyEvent): ApplyEvent {
  if (e.type === 'lint') return e;
  const shown = (v: unknown) => (typeof v === 'string' ? printable(v) : v);
  return Object.fromEntries(Object.entries(e).map(([key, v]) => [key, Array.isArray(v) ? v.map(shown) : shown(v)])) as ApplyEvent;
}

/** JSON without Maps (the lint event's file texts stay out of the stream), DEL and C1 escaped. */
function toJson(value: unknown): string {
  return printableJson(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? undefined : v)));
}

function jsonReporter(ctx: Ctx): (e: ApplyEvent) => void {
  return (e) => ctx.out(`${toJson(e)}\n`);
}

function printPlan(ctx: Ctx, plan: PlannedMigration[], direction: 'up' | 'down', database: string): void {
  const { c } = ctx;
  const verb = direction === 'up' ? 'apply' : 'roll back';
  if (plan.length === 0) {
    ctx.out(direction === 'up' ? `Nothing to apply on ${printable(database)}: it is up to date.\n` : `Nothing to roll back on ${printable(database)}.\n`);
    return;
  }
  const lines = [`Dry run: would ${verb} ${plural(plan.length, 'migration')} on ${printable(database)} (nothing was changed)`, ''];
  for (const m of plan) {
    const mode = m.mode === 'transaction' ? 'one transaction' : 'statement by statement, no transaction';
    lines.push(`${c.bold(printable(`${m.version} ${m.name}`))}  ${c.dim(`${printable(m.file)} — ${mode}`)}${m.outOfOrder ? c.yellow(' (out of order)') : ''}`);
    if (m.resumeAt !== undefined) lines.push(`  resumes at statement ${m.resumeAt + 1}`);
    for (const s of m.statements) {
      if (m.resumeAt !== undefined && s.index < m.resumeAt) continue;
      lines.push(`  ${String(s.index + 1).padStart(3)}. ${c.dim(`line ${s.line}, lock: ${printable(s.lock)}`)}`);
      for (const t of s.text.split('\n')) lines.push(`       ${printable(t.replace(/\r$/, ''), { keepLayout: true })}`);
    }
    lines.push('');
  }
  ctx.out(`${lines.join('\n')}`);
}

function finish(ctx: Ctx, outcome: RunOutcome, interrupts: Interrupts): void {
  // A signal decides the exit code (130 / 143), whatever the run got to.
  const exitCode = interrupts.exitCode() ?? outcome.exitCode;
  if (ctx.json) {
    ctx.out(
      `${toJson({
        type: 'result',
        exitCode,
        direction: outcome.direction,
        dryRun: outcome.dryRun,
        done: outcome.done.map((d) => d.version),
        ...(outcome.failed ? { failed: outcome.failed.version } : {}),
        ...(outcome.refused ? { refused: outcome.refused } : {}),
        ...(outcome.drift.length > 0 ? { drift: outcome.drift } : {}),
        ...(outcome.backupFile ? { backup: outcome.backupFile } : {}),
        ...(outcome.interrupted ? { interrupted: { signal: outcome.interrupted.signal, message: outcome.interrupted.message } } : {}),
      })}\n`,
    );
  } else if (outcome.dryRun && !outcome.refused) {
    printPlan(ctx, outcome.plan, outcome.direction, outcome.database);
  }
  // Also in JSON mode: a person reading the CI log sees why (an interruption already said it).
  if (outcome.refused && !(outcome.interrupted && !ctx.json)) ctx.err(`${ctx.cErr.red('migrationlint:')} ${printable(outcome.refused.message, { keepLayout: true })}\n`);
  ctx.io.setExitCode(exitCode);
}

/** Runs a command body with SIGINT / SIGTERM turned into a stop request. */
async function interruptible<T>(ctx: Ctx, body: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; interrupts: Interrupts }> {
  const interrupts = catchInterrupts((s) => ctx.err(s));
  try {
    return { result: await body(interrupts.signal), interrupts };
  } finally {
    interrupts.dispose();
  }
}

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

function stateCell(c: ChalkInstance, s: StatusReport['migrations'][number]): string {
  switch (s.state) {
    case 'applied':
      return s.downMissing ? c.yellow('applied (no down migration)') : c.green('applied');
    case 'pending':
      return s.outOfOrder ? c.yellow('pending (out of order)') : 'pending';
    case 'drifted':
      return c.red(s.drift === 'vanished' ? 'drifted (file gone)' : 'drifted (file changed)');
    case 'failed':
      return c.red(s.failure?.blocking ? 'failed (blocking)' : 'failed');
  }
}

function printStatus(ctx: Ctx, report: StatusReport): void {
  const { c } = ctx;
  const header = ['VERSION', 'NAME', 'STATE', 'APPLIED AT', 'DURATION', 'BY'];
  const rows = report.migrations.map((m) => [
    printable(m.version),
    printable(m.name),
    stateCell(c, m),
    m.appliedAt ?? '',
    m.durationMs !== undefined ? ms(m.durationMs) : '',
    printable(m.appliedBy ?? ''),
  ]);
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i]!))));
  const fmt = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell)))).join('  ').trimEnd();
  const lines = [c.dim(`database: ${printable(report.database)}   history: ${printable(report.historyTable)}${report.locked ? '   (an apply is running now)' : ''}`), c.bold(fmt(header))];
  for (const [i, r] of rows.entries()) {
    lines.push(fmt(r));
    const m = report.migrations[i]!;
    if (m.failure) {
      lines.push(c.dim(`  ${m.failure.direction} failed at statement ${m.failure.statement + 1} of ${m.failure.statementsTotal}, ${m.failure.at}: ${printable(m.failure.error)}`));
    }
  }
  const k = report.counts;
  lines.push('', `${k.applied} applied, ${k.pending} pending, ${k.drifted} drifted, ${k.failed} failed`);
  ctx.out(`${lines.join('\n')}\n`);
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
