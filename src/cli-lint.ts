// `migrationlint lint [paths…]`.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import fg from 'fast-glob';
import type { CliIO } from './cli-io.js';
import { ConfigError, type ResolvedConfig } from './config.js';
import { codeCacheDirectory } from './code-cache.js';
import { DiscoveryError } from './discover.js';
import { outsideRoots, projectRoots } from './discover/inside.js';
import { fixUntilStable } from './fix.js';
import { withheldNotice } from './fix-check.js';
import { fixTargets } from './fix-targets.js';
import { unifiedDiff } from './fix-diff.js';
import { changedSinceScope, GitError, repositoryRoot, stagedScope, type GitScope } from './git.js';
import { discoverSet, lint, type LintOptions } from './lint.js';
import { mergeReports, planLint, unconfiguredNotice, type LintUnit } from './lint-units.js';
import { lintReport, type LintReport, type ReportOutputs } from './lint-run.js';
import type { Jobs } from './parallel/plan.js';
import { cliCacheOptions } from './cache/options.js';
import { printable } from './output-safe.js';
import { chunkedReporters, reporters } from './reporters/index.js';
import type { ReporterOptions, ReportInput, RunNotification } from './reporters/types.js';
import { explain, type ExplainedSection } from './cli-explain.js';
import type { Finding, MigrationSet } from './types.js';
import { prefetchWhileGitRuns } from './changed-since-prefetch.js';
import { coverageLine, coverageOf } from './hosts/coverage.js';
import { isHostFile } from './runners/extensions.js';
import { foundLine } from './zero-config.js';
import { collectLiveStats, DATABASE_URL_HELP, liveStatsNote, withLiveStats } from './stats/live.js';
import { ORM_EXECUTE_HELP, ormExecuteOptions, withOrmExecute } from './hosts/execute/options.js';

interface LintFlags {
  format: string;
  outputFile?: string;
  maxWarnings?: number;
  quiet?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  fixAll?: boolean;
  staged?: boolean;
  changedSince?: string;
  cache?: boolean;
  cacheLocation?: string;
  jobs: Jobs;
  sarifCategory?: string;
  sarifIncludeSuppressed?: boolean;
  alsoWrite: ReportOutput[];
  databaseUrl?: string;
  ormExecute?: boolean;
}

/** One report of the run: a format, written to a file or (no file) to standard output. */
interface ReportOutput {
  format: string;
  file?: string;
}

function parseAlsoWrite(value: string, previous: ReportOutput[]): ReportOutput[] {
  const match = /^([a-z]+)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`expected FORMAT=FILE, e.g. sarif=results.sarif, got "${value}"`);
  const [, format, file] = match;
  if (!(format in reporters)) throw new InvalidArgumentError(`unknown format "${format}" (one of ${Object.keys(reporters).join(', ')})`);
  return [...previous, { format, file }];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

function parseJobs(value: string): Jobs {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected "auto" or a whole number ≥ 1, got "${value}"`);
  return n;
}

/** Flag combinations that cannot work together, as a message. */
function conflict(flags: LintFlags, paths: string[]): string | undefined {
  if (flags.fix && flags.fixDryRun) return '--fix and --fix-dry-run exclude each other';
  if (flags.fixAll && !flags.fix && !flags.fixDryRun) return '--fix-all needs --fix or --fix-dry-run';
  if (flags.staged && flags.changedSince) return '--staged and --changed-since exclude each other';
  if (flags.stdin && (flags.staged || flags.changedSince)) return '--stdin cannot be combined with --staged or --changed-since';
  if (flags.fix && flags.stdin) return '--fix cannot write to standard input (use --fix-dry-run)';
  if (flags.fix && flags.staged) return '--fix cannot change the staged content (fix the files, then stage them)';
  if (flags.stdin && !flags.stdinFilename) return '--stdin needs --stdin-filename';
  if (flags.cache && (flags.fix || flags.fixDryRun)) return '--cache cannot be combined with --fix or --fix-dry-run';
  if (flags.cacheLocation && !flags.cache) return '--cache-location needs --cache';
  return undefined;
}

export function registerLintCommand(program: Command, io: CliIO): void {
  program
    .command('lint')
    .description('check migrations without running them: each .sql file is parsed by the PostgreSQL parser and checked by the rules, knowing the schema its earlier migrations built')
    .argument('[paths...]', '.sql files, directories or globs (default: the config\'s migrations, else the sets found under the current directory)')
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or config error.
The config (.migrationlintrc.json) is found upward from the linted paths, else from the current directory.
A named file that is not .sql is skipped with a warning.

Examples:
  migrationlint lint                                  the configured migrations
  migrationlint lint db/migrations                    a directory's .sql files
  migrationlint lint --changed-since origin/main      report only what the branch changed
  migrationlint lint -f sarif -o migrationlint.sarif  a SARIF log for code scanning`,
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(reporters)).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('--fix', 'apply the available fixes to the files')
    .option('--fix-dry-run', 'print the fixes as a diff, change nothing')
    .option('--fix-all', 'let --fix edit every migration of the set (default: only --changed-since/--staged ones, the .sql files named, else the newest migration)')
    .option('--staged', 'lint the staged content of the staged migrations, or of the paths given (git pre-commit hooks)')
    .option('--changed-since <ref>', 'report only migrations added or modified since a git ref (pull requests)')
    .option('--stdin', 'lint SQL read from standard input (editors)')
    .option('--stdin-filename <file>', 'the path the standard input stands for (decides config, layout and set)')
    .option('--cache', 'reuse the findings of unchanged migrations from the last run')
    .option('--cache-location <dir>', 'where the cache lives (default: .migrationlint/cache beside the config)')
    .option('-j, --jobs <n>', 'threads to lint on: a number (1: no worker threads) or auto (by the amount of SQL and the CPUs)', parseJobs, 'auto' as Jobs)
    .option('--also-write <format=file>', 'also write the report of the same run in another format to a file (repeatable), e.g. sarif=results.sarif', parseAlsoWrite, [] as ReportOutput[])
    .option('--sarif-category <category>', 'SARIF: the code scanning category (runAutomationDetails.id), to upload several analyses per commit')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .option('--orm-execute', ORM_EXECUTE_HELP)
    .option('--sarif-include-suppressed', 'SARIF: keep suppressed findings, marked with their reason (code scanning shows them as open alerts)')
    .action(async (paths: string[], flags: LintFlags, command: Command) => {
      const problem = conflict(flags, paths);
      if (problem) {
        io.stderr(`migrationlint: ${problem}\n`);
        io.setExitCode(2);
        return;
      }
      const globals = command.optsWithGlobals() as { config?: string };
      const recording = replayable(flags) ? (await import('./cache/invocation-record.js')).recordInvocation(io, codeCacheDirectory(io.env)) : undefined;
      try {
        const standing = await runLint(paths, flags, globals.config, recording?.io ?? io);
        if (recording && standing) recording.keep({ argv: process.argv.slice(2), explicitConfig: globals.config !== undefined, paths, ...standing });
      } catch (error) {
        if (!(error instanceof ConfigError || error instanceof DiscoveryError || error instanceof GitError)) throw error;
        // SARIF consumers (code scanning) get a log that says the run failed, and why.
        const notification: RunNotification = { level: 'error', message: error.message, ...(error instanceof ConfigError && error.file ? { file: error.file } : {}) };
        for (const output of outputsOf(flags).filter((o) => o.format === 'sarif')) {
          await emit(io, flags, output, () => ({ findings: [], files: new Map(), notifications: [notification] }));
        }
        if (error instanceof GitError) {
          io.stderr(`migrationlint: ${printable(error.message, { keepLayout: true })}\n`);
          io.setExitCode(2);
        } else throw error;
      }
    });
}

/** Running the migrations' code (orm.execute) needs the whole file set each time: no result cache then. */
const executes = (unit: LintUnit) => unit.config.orm.execute;

/** A run whose whole output a later identical invocation may repeat (src/cache/invocation.ts): --cache, one report to stdout. */
function replayable(flags: LintFlags): boolean {
  const { cache, fix, fixDryRun, stdin, staged, changedSince, databaseUrl, ormExecute, outputFile, alsoWrite, format } = flags;
  return cache === true && !fix && !fixDryRun && !stdin && !staged && !changedSince && !databaseUrl && !ormExecute && !outputFile && alsoWrite.length === 0 && !REPOSITORY_RELATIVE.has(format);
}

/** Returns, for a report that came whole from a run snapshot of one configured unit, its config and snapshot. */
async function runLint(paths: string[], flags: LintFlags, configPath: string | undefined, io: CliIO): Promise<{ config: ResolvedConfig; snapshot: NonNullable<LintReport['snapshot']> } | undefined> {
  const shownPath = (file: string) => relative(io.cwd, file).split(sep).join('/');
  const overrides = new Map<string, string>();
  if (flags.stdin && flags.stdinFilename) {
    overrides.set(resolve(io.cwd, flags.stdinFilename), readFileSync(0, 'utf8'));
    paths = [flags.stdinFilename];
  }
  if (!flags.stdin && !flags.staged && paths.length > 0) {
    paths = withoutNonSqlFiles(paths, io);
    if (paths.length === 0) return;
  }
  const scoping = flags.staged ? stagedScope(io.cwd, paths) : flags.changedSince ? changedSinceScope(io.cwd, flags.changedSince) : undefined;
  const prefetch = flags.changedSince && !configPath && paths.length === 0 ? prefetchWhileGitRuns(io.cwd, (config) => earlyDiscovery(io, flags, config)) : undefined;
  const scope: GitScope | undefined = await scoping;
  for (const [file, text] of scope?.overrides ?? []) overrides.set(file, text);
  const plan = await planLint({ cwd: io.cwd, ...(configPath ? { configPath } : {}), paths: flags.staged ? [] : paths, ...(scope ? { scope } : {}), overrides, ...(prefetch ? { configs: prefetch.configs } : {}) });
  const { unconfigured, found } = plan;
  let units = plan.units;
  if (flags.databaseUrl) {
    const live = await collectLiveStats(flags.databaseUrl);
    units = units.map((unit) => ({ ...unit, config: withLiveStats(unit.config, live) }));
    io.stderr(`migrationlint: note: ${liveStatsNote(flags.databaseUrl, live)}\n`);
  }
  if (flags.ormExecute) units = units.map((unit) => ({ ...unit, config: withOrmExecute(unit.config) }));
  if (unconfigured.length > 0) io.stderr(unconfiguredNotice(unconfigured));
  for (const note of new Set(units.map((u) => u.config.statsNote))) if (note) io.stderr(`migrationlint: note: ${printable(note)}\n`);
  if (!flags.quiet) for (const set of found ?? []) io.stderr(foundLine(set));
  const eachUnit = async (lintUnit: (unit: LintUnit) => Promise<LintReport>) => {
    const reports: LintReport[] = [];
    for (const unit of units) reports.push(reportedOnly(await lintUnit(unit), unit));
    return mergeReports(reports);
  };

  let result: LintReport;
  let sections: ExplainedSection[] | undefined;
  if (flags.fix || flags.fixDryRun) {
    // Decided on the first lint of each unit's set (the original texts), then kept.
    const targets = new Map<LintUnit, (file: string) => boolean>();
    const targetInput = { cwd: io.cwd, paths, ...(scope ? { scope } : {}), fixAll: flags.fixAll === true };
    const lintUnit = async (unit: LintUnit, texts: Map<string, string>) => {
      const unitResult = await lint(unitOptions(io, unit, texts));
      if (!targets.has(unit)) targets.set(unit, fixTargets(targetInput, unitResult.set));
      return unitResult;
    };
    const editable = (file: string) => [...targets.values()].some((may) => may(file));
    const include = (f: Finding) => (!flags.quiet || f.severity === 'error') && editable(f.file);
    const outcome = await fixUntilStable((texts) => eachUnit((unit) => lintUnit(unit, texts)), overrides, include);
    result = outcome.result;
    for (const w of outcome.withheld) io.stderr(`migrationlint: ${printable(withheldNotice(w, shownPath))}\n`);
    if (flags.fixDryRun) {
      for (const [file, { before, after }] of outcome.changed) io.stdout(printable(unifiedDiff(relative(io.cwd, file).split(sep).join('/'), before, after), { keepLayout: true }));
      io.stderr(`migrationlint: ${outcome.applied} fix${outcome.applied === 1 ? '' : 'es'} would change ${outcome.changed.size} file${outcome.changed.size === 1 ? '' : 's'}; ${result.errorCount} error${result.errorCount === 1 ? '' : 's'} would remain.\n`);
    } else {
      // Discovery read only files inside the project; one swapped for a symlink since is not written.
      const roots = units.flatMap((unit) => projectRoots(unit.config, unit.paths.map((p) => resolve(io.cwd, p))));
      for (const [file, { after }] of outcome.changed) {
        const outside = outsideRoots(file, roots);
        if (outside === undefined) writeFileSync(file, withOriginalBom(file, after));
        else {
          io.stderr(`migrationlint: --fix did not write ${printable(file)}: it resolves to ${printable(outside)}, outside the project\n`);
          io.setExitCode(1);
        }
      }
      if (outcome.applied > 0) io.stderr(`migrationlint: applied ${outcome.applied} fix${outcome.applied === 1 ? '' : 'es'} to ${outcome.changed.size} file${outcome.changed.size === 1 ? '' : 's'}.\n`);
    }
  } else if (outputsOf(flags).some((o) => o.format === 'markdown')) {
    // The summary shows each migration's locks: the analyses are kept (no cache, one thread).
    const explained: ExplainedSection[] = [];
    result = await eachUnit(async (unit) => {
      const unitResult = await lint(unitOptions(io, unit, overrides));
      explained.push(...explain(unitResult, io.cwd));
      return unitResult;
    });
    sections = explained;
  } else {
    result = await eachUnit((unit) => {
      const cache = flags.cache && !executes(unit) ? { cache: cliCacheOptions(io, unit.config, flags.cacheLocation) } : {};
      // The result cache records what its own discovery reads, so it reads the set itself.
      const read = unit.read && !flags.cache && !executes(unit) && overrides.size === 0 ? { read: unit.read } : {};
      const discovered = unit.paths.length === 0 && overrides.size === 0 ? prefetch?.discovered(unit.config) : undefined;
      return lintReport({ ...unitOptions(io, unit, overrides), ...cache, ...read, ...(discovered ? { discovered } : {}), jobs: flags.jobs, checkFixes: outputsOf(flags).some((o) => OFFERS_FIXES.has(o.format)) });
    });
  }

  for (const note of new Set(result.set.notes)) io.stderr(`migrationlint: ${printable(note)}\n`);
  const coverage = coverageOf(result.set);
  if (flags.format === 'stylish') for (const c of coverage) io.stderr(`migrationlint: ${printable(coverageLine(c, io.cwd))}\n`);
  if (!flags.fixDryRun) {
    const covered = coverage.length > 0 ? { coverage } : {};
    const input = (): ReportInput => {
      const { files } = result.set;
      const reported = sections?.filter((s) => files.has(s.file));
      return { findings: result.findings, files, ...covered, ...(reported ? { sections: reported } : {}) };
    };
    for (const output of outputsOf(flags)) await emit(io, flags, output, input, result.outputs);
  }
  const tooManyWarnings = flags.maxWarnings !== undefined && result.warningCount > flags.maxWarnings;
  if (tooManyWarnings && flags.format === 'stylish') {
    io.stderr(`migrationlint found too many warnings (maximum: ${flags.maxWarnings}).\n`);
  }
  io.setExitCode(result.errorCount > 0 || tooManyWarnings ? 1 : 0);
  const single = units.length === 1 && unconfigured.length === 0 && !found ? units[0] : undefined;
  return single && !single.report && result.snapshot ? { config: single.config, snapshot: result.snapshot } : undefined;
}

/**
 * The discovery the lint of the unit {config, paths: []} runs (the last branch of runLint), started
 * while git answers; undefined for the other branches and for a set whose discovery runs the
 * project's code (orm.execute).
 */
function earlyDiscovery(io: CliIO, flags: LintFlags, config: ResolvedConfig): Promise<MigrationSet> | undefined {
  const otherBranch = flags.fix || flags.fixDryRun || outputsOf(flags).some((o) => o.format === 'markdown');
  if (otherBranch || flags.databaseUrl || flags.ormExecute || executes({ config, paths: [] })) return undefined;
  const options = unitOptions(io, { config, paths: [] }, new Map());
  if (!flags.cache) return discoverSet(options);
  const cache = cliCacheOptions(io, config, flags.cacheLocation);
  return import('./cache/set-snapshot.js').then(({ discoverWithSnapshot }) => discoverWithSnapshot({ ...options, cache }));
}

/**
 * Named files that are not .sql are skipped with a warning: a README or a schema dump given by
 * mistake would otherwise be a wall of syntax errors. Directories and globs pick .sql files already.
 */
function withoutNonSqlFiles(paths: string[], io: CliIO): string[] {
  return paths.filter((p) => {
    if (/\.sql$/i.test(p) || isHostFile(p) || fg.isDynamicPattern(p)) return true;
    try {
      if (!statSync(resolve(io.cwd, p)).isFile()) return true;
    } catch {
      return true; // missing: discovery says so
    }
    io.stderr(`migrationlint: warning: ${p} is not a .sql file; not linted\n`);
    return false;
  });
}

/** A unit's report with only the files it reports (its set's other files were read for facts). */
function reportedOnly<R extends LintReport>(result: R, unit: LintUnit): R {
  const { report } = unit;
  if (!report) return result;
  return { ...result, set: { ...result.set, files: new Map([...result.set.files].filter(([file]) => report(file))) } };
}

function unitOptions(io: CliIO, unit: LintUnit, overrides: Map<string, string>): LintOptions {
  const ormExecute = ormExecuteOptions(unit.config, io.env);
  return {
    cwd: io.cwd,
    config: unit.config,
    ...(ormExecute ? { ormExecute } : {}),
    ...(unit.paths.length > 0 ? { paths: unit.paths } : {}),
    ...(overrides.size > 0 ? { overrides } : {}),
    ...(unit.report ? { report: unit.report } : {}),
  };
}

/** The main report (-f, -o) and the --also-write ones. */
function outputsOf(flags: LintFlags): ReportOutput[] {
  return [{ format: flags.format, ...(flags.outputFile ? { file: flags.outputFile } : {}) }, ...flags.alsoWrite];
}

/** Formats that offer the fixes themselves (an editor or code scanning applies them): only those that add no error. */
const OFFERS_FIXES = new Set(['json', 'sarif']);

/** Formats whose paths are relative to the repository root (where the host resolves them), not the working directory. */
const REPOSITORY_RELATIVE = new Set(['sarif', 'github', 'gitlab', 'markdown']);

/** `input` is asked for only when the output is not kept in `outputs` (--cache, nothing changed). */
async function emit(io: CliIO, flags: LintFlags, output: ReportOutput, input: () => ReportInput, outputs?: ReportOutputs): Promise<void> {
  const root = REPOSITORY_RELATIVE.has(output.format) ? await repositoryRoot(io.cwd) : io.cwd;
  const options: ReporterOptions = {
    cwd: io.cwd,
    color: io.color && !output.file,
    quiet: flags.quiet === true,
    root,
    ...(flags.sarifCategory ? { sarifCategory: flags.sarifCategory } : {}),
    ...(flags.sarifIncludeSuppressed ? { sarifIncludeSuppressed: true } : {}),
  };
  const outputKey = JSON.stringify([output.format, options]);
  const kept = outputs?.get(outputKey);
  const chunked = chunkedReporters[output.format];
  let chunks: Iterable<string>;
  if (kept !== undefined) chunks = [kept];
  else if (outputs) {
    const rendered = chunked ? [...chunked(input(), options)].join('') : reporters[output.format](input(), options);
    outputs.keep(outputKey, rendered);
    chunks = [rendered];
  } else chunks = chunked ? chunked(input(), options) : [reporters[output.format](input(), options)];
  if (output.file) {
    const file = resolve(io.cwd, output.file);
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(file, 'w');
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  } else for (const chunk of chunks) io.stdout(chunk);
}

/** Fixed text keeps the byte order mark its file had (discovery strips it). */
function withOriginalBom(file: string, text: string): string {
  try {
    const head = readFileSync(file).subarray(0, 3);
    return head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? `\uFEFF${text}` : text;
  } catch {
    return text;
  }
}
