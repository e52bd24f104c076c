// `migrationlint verify | trace | diff | report`: thin commands over src/verify/. Output passes
// through the redactor (shadow and database URLs carry passwords). The verify modules (and the
// database drivers) are imported when a command runs, so `lint` never loads them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import { repositoryRoot } from './git.js';
import { Redactor } from './apply/redact.js';
import { printable, printableJson } from './output-safe.js';
import { reporters } from './reporters/index.js';
import { VerifyError } from './verify/errors.js';
import type { Finding, SourceText } from './types.js';
import { configForSet, singleSet, withoutConfigFile } from './zero-config.js';

export interface VerifyCtx {
  io: CliIO;
  redactor: Redactor;
  out: (s: string) => void;
  err: (s: string) => void;
  config: ResolvedConfig;
}

/** What the command was given: `paths` replace the config's migrations; `target` (trace's file) picks the set that holds it. */
interface Given {
  paths?: readonly string[];
  target?: string;
}

async function withContext(io: CliIO, command: Command, body: (ctx: VerifyCtx) => Promise<void>, given: Given = {}): Promise<void> {
  const redactor = new Redactor();
  try {
    const globals = command.optsWithGlobals() as { config?: string };
    let config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
    if (withoutConfigFile(config) && !given.paths?.length) {
      const target = given.target === undefined ? undefined : resolve(io.cwd, given.target);
      const holds = (dir: string) => target !== undefined && target.startsWith(`${resolve(io.cwd, dir)}${sep}`);
      config = configForSet(config, await singleSet(io.cwd, command.name(), given.paths !== undefined, (s) => io.stderr(redactor.redact(s)), holds));
    }
    await body({ io, redactor, config, out: (s) => io.stdout(redactor.redact(s)), err: (s) => io.stderr(redactor.redact(s)) });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'ConfigError' || name === 'DiscoveryError' || name === 'CommanderError') throw err;
    const expected = err instanceof VerifyError || name === 'ApplyError';
    const code = expected ? (err as Error & { exitCode: 1 | 2 }).exitCode : classifyDbError(err);
    // A database or network error is the environment's; anything else unexpected is ours.
    io.stderr(`migrationlint: ${expected || code === 1 ? '' : 'internal error: '}${printable(redactor.message(err), { keepLayout: true })}\n`);
    io.setExitCode(code);
  }
}

/** A database or network error is a failure (1); anything else a bug or bad input (2). */
function classifyDbError(err: unknown): 1 | 2 {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? 1 : 2;
}

export function readSetup(io: CliIO, file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new VerifyError(`--setup ${file}: cannot read it: ${(err as Error).message}`, 2);
  }
}

export function validateUrl(flag: string, url: string | undefined): void {
  if (url === undefined) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VerifyError(`${flag} is not a valid URL (expected postgres://user:password@host:port/database)`, 2);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new VerifyError(`${flag} must be a postgres:// or postgresql:// URL, not ${parsed.protocol}//…`, 2);
}

async function emitFindings(ctx: VerifyCtx, flags: { format: string; outputFile?: string; quiet?: boolean }, findings: readonly Finding[], files: ReadonlyMap<string, SourceText>): Promise<void> {
  const root = flags.format === 'sarif' || flags.format === 'github' ? await repositoryRoot(ctx.io.cwd) : ctx.io.cwd;
  const text = reporters[flags.format]!({ findings, files }, { cwd: ctx.io.cwd, color: ctx.io.color && !flags.outputFile, quiet: flags.quiet === true, root });
  if (!flags.outputFile) return ctx.out(text);
  const file = resolve(ctx.io.cwd, flags.outputFile);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, ctx.redactor.redact(text));
}

interface VerifyFlags {
  format: string;
  outputFile?: string;
  quiet?: boolean;
  shadowUrl?: string;
  setup?: string;
}

const shadowOption = () => new Option('--shadow-url <url>', 'replay on this PostgreSQL server, in a database created and dropped for the run (default: an embedded PGlite)');
const setupOption = () => new Option('--setup <file>', 'SQL run on the empty database before the first migration (roles, schemas the migrations assume)');

export function registerVerifyCommands(program: Command, io: CliIO): void {
  program
    .command('verify')
    .description('replay the migrations on a throwaway database: every up applies, every down restores the schema, every up is repeatable')
    .argument('[paths...]', 'files, directories or globs (default: the config\'s migrations)')
    .addOption(new Option('-f, --format <format>', 'output format of the findings').choices(Object.keys(reporters)).default('stylish'))
    .option('-o, --output-file <file>', 'write the findings to a file instead of standard output')
    .option('-q, --quiet', 'report errors only')
    .addOption(shadowOption())
    .addOption(setupOption())
    .action(async (paths: string[], flags: VerifyFlags, command: Command) => {
      await withContext(io, command, async (ctx) => {
        validateUrl('--shadow-url', flags.shadowUrl);
        const setupSql = readSetup(io, flags.setup);
        const { verify } = await import('./verify/verify.js');
        const { verifySummary } = await import('./verify/format-verify.js');
        const progress = io.isTTY;
        const result = await verify({
          cwd: io.cwd,
          config: ctx.config,
          ...(paths.length > 0 ? { paths } : {}),
          ...(flags.shadowUrl ? { shadowUrl: flags.shadowUrl } : {}),
          ...(setupSql ? { setupSql } : {}),
          env: io.env,
          onEvent: (e) => {
            if (progress && e.type === 'migration') ctx.err(`\r\x1b[K[${e.index + 1}/${e.total}] ${printable(`${e.verdict.version} ${e.verdict.name}`)}`);
          },
        });
        if (progress) ctx.err('\r\x1b[K');
        await emitFindings(ctx, flags, result.findings, result.files);
        ctx.err(verifySummary(result));
        io.setExitCode(result.errorCount > 0 ? 1 : 0);
      }, { paths });
    });

  program
    .command('trace')
    .description('run one migration on a throwaway database (after replaying the ones before it) statement by statement, and show for each the locks it took, the tables it rewrote or scanned and how long it ran; a lock that differs from what lint assumes is a lock-table-mismatch finding. Never touches your database')
    .addHelpText('after', '\nExit codes: 0 it ran and matched, 1 it failed or has error findings, 2 usage or config error.')
    .argument('<migration>', 'a migration file or version')
    .option('--down', 'trace the down migration (after its up)')
    .addOption(new Option('--format <format>', 'output: text (table and findings) or json').choices(['text', 'json']).default('text'))
    .addOption(shadowOption())
    .addOption(setupOption())
    .action(async (target: string, flags: { down?: boolean; format: string; shadowUrl?: string; setup?: string }, command: Command) => {
      await withContext(io, command, async (ctx) => {
        validateUrl('--shadow-url', flags.shadowUrl);
        await runTrace(ctx, target, flags);
      }, { target });
    });

  program
    .command('diff')
    .description('the schema difference between two points, each built by replaying the migrations on a throwaway database (db reads the live one, without changing it)')
    .argument('<from>', 'a version (the schema after it), empty (no migrations), head (all of them) or db')
    .argument('<to>', 'the same kinds of point')
    .addHelpText(
      'after',
      `
Examples:
  migrationlint diff empty head      everything the migrations create
  migrationlint diff 0041 0042       what migration 0042 changes
  migrationlint diff head db         how the live database differs from the migrations

Exit codes: 0 (with --exit-code: 0 same, 1 different), 1 a migration failed or the database cannot be reached, 2 usage or config error.`,
    )
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .option('--exit-code', 'exit 1 when the schemas differ')
    .addOption(urlOption())
    .addOption(shadowOption())
    .addOption(setupOption())
    .action(async (from: string, to: string, flags: DiffFlags, command: Command) => {
      await withContext(io, command, async (ctx) => {
        validateUrl('--shadow-url', flags.shadowUrl);
        const setupSql = readSetup(io, flags.setup);
        const { parsePoint, schemaDiff } = await import('./verify/diff.js');
        const { diffJson, diffText } = await import('./verify/format-diff.js');
        const result = await schemaDiff({
          cwd: io.cwd,
          config: ctx.config,
          from: parsePoint(from),
          to: parsePoint(to),
          env: io.env,
          redactor: ctx.redactor,
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
          ...(flags.shadowUrl ? { shadowUrl: flags.shadowUrl } : {}),
          ...(setupSql ? { setupSql } : {}),
        });
        ctx.out(flags.format === 'json' ? diffJson(result) : diffText(result));
        const differs = result.diff.added.length + result.diff.removed.length + result.diff.changed.length > 0;
        io.setExitCode(flags.exitCode && differs ? 1 : 0);
      });
    });

  program
    .command('report')
    .description('a live database: server, size, largest tables and indexes, migration history, pending and drifted migrations')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .option('--top <n>', 'how many tables and indexes to list', (v) => parseCount(v, '--top'), 10)
    .addOption(urlOption())
    .action(async (flags: { format: string; top: number; databaseUrl?: string }, command: Command) => {
      await withContext(io, command, async (ctx) => {
        const { liveReport } = await import('./verify/report.js');
        const { reportText } = await import('./verify/format-report.js');
        const report = await liveReport({
          cwd: io.cwd,
          config: ctx.config,
          env: io.env,
          redactor: ctx.redactor,
          top: flags.top,
          ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
        });
        ctx.out(flags.format === 'json' ? `${printableJson(JSON.stringify(report, null, 2))}\n` : reportText(report));
      });
    });
}

/** `explain --trace MIGRATION`: the same as `trace MIGRATION`. */
export async function explainTrace(io: CliIO, command: Command, paths: readonly string[], format: 'table' | 'json'): Promise<void> {
  await withContext(io, command, async (ctx) => {
    if (paths.length !== 1) throw new VerifyError('explain --trace takes one migration: a file or a version', 2);
    await runTrace(ctx, paths[0]!, { format: format === 'json' ? 'json' : 'text' });
  }, paths[0] !== undefined ? { target: paths[0] } : {});
}

/** `trace` (and `explain --trace`): the table and the findings, or JSON; exit 1 when a statement fails or a finding is an error. */
export async function runTrace(ctx: VerifyCtx, target: string, flags: { down?: boolean; format: string; shadowUrl?: string; setup?: string }): Promise<void> {
  const setupSql = readSetup(ctx.io, flags.setup);
  const { trace } = await import('./verify/trace.js');
  const { traceText } = await import('./verify/format-trace.js');
  const result = await trace({
    cwd: ctx.io.cwd,
    config: ctx.config,
    target,
    down: flags.down === true,
    env: ctx.io.env,
    ...(flags.shadowUrl ? { shadowUrl: flags.shadowUrl } : {}),
    ...(setupSql ? { setupSql } : {}),
  });
  if (flags.format === 'json') {
    const { files: _files, ...rest } = result;
    ctx.out(`${printableJson(JSON.stringify(rest, null, 2))}\n`);
  } else {
    ctx.out(traceText(result));
    if (result.findings.length > 0) ctx.out(`\n${reporters.stylish!({ findings: result.findings, files: result.files }, { cwd: ctx.io.cwd, color: ctx.io.color })}`);
  }
  const errors = result.findings.filter((f) => f.severity === 'error' && !f.suppressed).length;
  ctx.io.setExitCode(result.failed || errors > 0 ? 1 : 0);
}

interface DiffFlags {
  format: string;
  exitCode?: boolean;
  databaseUrl?: string;
  shadowUrl?: string;
  setup?: string;
}

const urlOption = () => new Option('--database-url <url>', 'the live database (default: $DATABASE_URL, or apply.databaseUrlEnv; else the embedded PGlite database)');

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag}: expected a whole number ≥ 1, got "${value}"`);
  return n;
}
