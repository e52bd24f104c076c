// lint(): discover → parse → analyse → suppressions. Returns values; never prints.
import { relative, resolve, sep } from 'node:path';
import type { ResolvedConfig } from './config.js';
import { effectiveSeverity } from './config.js';
import type { Finding, Migration, MigrationSet, ParsedSection, SectionSource, Severity, Span, Statement, TransactionMode } from './types.js';
import type { NestedStatement } from './parse-do.js';
import { discover } from './discover.js';
import { projectRoots } from './discover/inside.js';
import { loadParser, parseSection } from './parse.js';
import { analyseSection, type ActiveRule, type AnalysedStatement, type SectionAnalysis } from './analyse.js';
import { Catalog } from './facts/schema/index.js';
import type { RunPosition } from './facts/run.js';
import type { FactsCheckpoints } from './facts-cache.js';
import { applySuppressions, parseSuppressions, type Comment } from './suppress.js';
import { rules as registry } from '../rules/index.js';
import { lineIndexFor } from './text.js';
import { inHostFile, sectionsOfHostFiles } from './hosts/section.js';
import { hostFileComments } from './hosts/comments.js';
import { didYouMean } from './suggest.js';
import { DATABASE_RULE_IDS } from './verify/rule-ids.js';
import { setDirectory } from './set-directory.js';
import { shapeOf } from './set-shape.js';
import { recordIndexes, withdrawIndexedLater, type MigrationIndexes } from './later-indexes.js';
import { replaySection } from './replay-section.js';
import { markTypeFixesBrokenLater } from './fixes/later-type-fix.js';
import { TableSizes } from './stats/sizes.js';
import type { OrmExecuteOptions } from './hosts/execute/index.js';
import { SetFixCheck } from './fix-check-set.js';
import { nestedStatementsOnce } from './nested-memo.js';
import type { WithheldFix } from './fix-check.js';
import type { KeptAnalyses, MigrationInputs } from './kept-analysis.js';

export { setDirectory } from './set-directory.js';

export type { AnalysedStatement, SectionAnalysis } from './analyse.js';

export interface LintOptions {
  cwd: string;
  config: ResolvedConfig;
  /** Files, directories or globs relative to cwd; default: the config's migrations. */
  paths?: string[];
  /** In-memory file contents by absolute path (editor buffers, --stdin, staged content). */
  overrides?: Map<string, string>;
  /** Return only findings in files this accepts (--staged, --changed-since); the whole set is still read for facts. */
  report?: (file: string) => boolean;
  /** `orm.execute`, set by the CLI only (never from the config alone: the language server does not run migrations). */
  ormExecute?: OrmExecuteOptions;
}

export interface AnalyseSetOptions {
  /**
   * Return only findings in files this accepts. Other files are read for their facts only;
   * `migrations` leaves out those after the last reported one, and those before the first
   * reported one when `facts` restored their catalogs.
   */
  report?: (file: string) => boolean;
  /** Parses a section (default parseSection); the language server passes a cache. */
  parse?: (source: SectionSource) => ParsedSection;
  /** Keeps catalogs of earlier migrations between calls: the language server in memory, `lint --cache` on disk. */
  facts?: FactsCheckpoints;
  /**
   * false: return no `migrations` (findings only), so each section's AST is garbage as soon as
   * the section is analysed — a report over thousands of files then keeps its heap small.
   */
  keepAnalyses?: boolean;
  /**
   * false: keep the findings a later migration withdraws (`withdrawnByIndex`) and the type fixes
   * it breaks, for a caller that merges several runs first and then calls withdrawIndexedLater and
   * markTypeFixesBrokenLater (the result cache).
   */
  withdraw?: boolean;
  /**
   * Offer only fixes that add no error to their file: a finding whose fix would is returned
   * without it, the fix in `withheld` (src/fix-check-set.ts).
   */
  checkFixes?: boolean;
  /**
   * false: a fix that would leave its statement doing nothing is not marked (Fix.emptiesStatement,
   * which replays each fixed statement): for findings shown without their fixes (editor diagnostics).
   */
  markEmptyingFixes?: boolean;
  /** Reads the statements DO blocks and routines execute (a memo, nestedStatementsOnce, kept between calls: the language server). */
  readNested?: (statement: Statement) => NestedStatement[];
  /** Keeps what the migrations after the reported ones record (their indexes, the events that break a type fix) between calls: the language server. */
  later?: LaterIndexes;
  /** Keeps each reported migration's analysis between calls (the language server): one whose inputs are provably those of a kept one is not analysed again. */
  kept?: KeptAnalyses;
}

/**
 * What the migrations from `from` on record as they replay (indexes, foreign keys dropped, type-fix events):
 * `replay` computes them, unless they are known from an earlier call for up sections that replay alike.
 */
export interface LaterIndexes {
  recorded(migrations: readonly Migration[], from: number, replay: () => MigrationIndexes[]): MigrationIndexes[];
}

export interface MigrationAnalysis {
  migration: Migration;
  up: SectionAnalysis;
  down?: SectionAnalysis;
  findings: Finding[];
  errorCount: number;
}

export interface LintResult {
  set: MigrationSet;
  migrations: MigrationAnalysis[];
  /** Every finding, sorted by file then position; suppressed ones included and marked. */
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  /** The indexes each replayed migration created, through the end of the set (withdrawIndexedLater's input). */
  indexesCreated: MigrationIndexes[];
  /** With `checkFixes`: the fixes taken off their findings because they would add an error. */
  withheld?: WithheldFix[];
}

/** Per config: analyseSet runs on every keystroke in the language server. */
const activeByConfig = new WeakMap<ResolvedConfig, readonly ActiveRule[]>();

export function activeRules(config: ResolvedConfig): readonly ActiveRule[] {
  const known = activeByConfig.get(config);
  if (known) return known;
  const active: ActiveRule[] = [];
  for (const [id, rule] of registry) {
    const setting = config.rules.get(id);
    if (rule.meta.kind !== 'rule' || !setting || setting.severity === 'off') continue;
    active.push({ rule, severity: setting.severity, options: setting.options });
  }
  activeByConfig.set(config, active);
  return active;
}

export async function lint(opts: LintOptions): Promise<LintResult> {
  await loadParser();
  const set = await discoverSet(opts);
  return analyseSet(set, opts.config, opts.report ? { report: opts.report } : {});
}

/** Discovery with the options of `lint`: the given paths, else the config's migrations. */
export function discoverSet(opts: LintOptions): Promise<MigrationSet> {
  const { config } = opts;
  const patterns = opts.paths && opts.paths.length > 0 ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.migrations.map((p) => resolve(config.dir, p));
  return discover({
    cwd: opts.cwd,
    patterns,
    inside: projectRoots(config, opts.paths?.map((p) => resolve(opts.cwd, p))),
    runner: config.runner,
    assumeInTransaction: config.assumeInTransaction,
    ...(config.runnerOptions ? { runnerOptions: config.runnerOptions } : {}),
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
    ...(opts.ormExecute ? { ormExecute: opts.ormExecute } : {}),
  });
}

/** Unsuppressed errors and warnings: what exit codes and summaries count. */
export function findingCounts(findings: readonly Finding[]): { errorCount: number; warningCount: number } {
  let errorCount = 0;
  let warningCount = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') errorCount++;
    else warningCount++;
  }
  return { errorCount, warningCount };
}

/** Analyse an already discovered set (the parser must be loaded: `await loadParser()`). */
export function analyseSet(set: MigrationSet, config: ResolvedConfig, options: AnalyseSetOptions = {}): LintResult {
  const parse = options.parse ?? parseSection;
  const rules = activeRules(config);
  const sizes = config.tableStats ? new TableSizes(config.tableStats, config.stats) : undefined;
  // "The set uses down migrations" is decided per migrations directory, so linting several
  // projects' directories at once does not demand downs from a forward-only one.
  const dirsWithDown = shapeOf(set.migrations).directoriesWithDown;
  const downRequired = (m: Migration) => config.down === 'required' || (config.down === 'auto' && dirsWithDown.has(setDirectory(m)));
  const byFile = new Map<string, { findings: Finding[]; statements: Span[] }>();
  const fileEntry = (file: string) => {
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { findings: [], statements: [] }));
    return entry;
  };

  const runPosition = runPositions(set.migrations);
  // The schema model: one catalog per migrations directory, advanced by each up section in
  // version order; a down section advances a fork, so later migrations never see it.
  const catalogs = new Map<string, Catalog>();
  const catalogFor = (m: Migration) => {
    let catalog = catalogs.get(setDirectory(m));
    if (!catalog) catalogs.set(setDirectory(m), (catalog = new Catalog()));
    return catalog;
  };

  // Facts flow forward only (earlier migrations → later ones), so with `report` the migrations
  // after the last one holding a reported file are not analysed: they cannot change its findings.
  const isReported = (file: string) => !options.report || options.report(file);
  const reports = (m: Migration) => isReported(m.up.file) || (m.down !== undefined && isReported(m.down.file));
  // The migrations before the first reported one feed only the catalogs: `facts` may hold the
  // catalogs after some of them (checkpoints), and keeps more on the way to the first reported one.
  const first = set.migrations.findIndex(reports);
  const restored = options.facts && first > 0 ? options.facts.restore(config, set.migrations, first) : undefined;
  for (const [dir, catalog] of restored?.catalogs ?? []) catalogs.set(dir, catalog);
  const start = restored?.count ?? 0;
  const analysed = set.migrations.slice(start, set.migrations.findLastIndex(reports) + 1);
  const migrations: MigrationAnalysis[] = [];
  const indexesCreated: MigrationIndexes[] = [];
  const recordUp = (migration: Migration, replay: () => void) => {
    const recorded = recordIndexes(catalogFor(migration), replay);
    if (recorded.indexes.length > 0 || recorded.dropped || recorded.droppedForeignKeys || recorded.typeFixEvents) indexesCreated.push({ file: migration.up.file, offset: migration.up.offset, ...recorded });
  };
  // Checking fixes lints files again: the bodies of DO blocks and routines are read once (or the caller's memo reads them).
  const readNested = options.readNested ?? (options.checkFixes ? nestedStatementsOnce() : undefined);
  /** One section through the rules (none for a file read for its facts only), placed in its file. */
  const analyseSource = (migration: Migration, section: 'up' | 'down', source: SectionSource, file: { text: string }, catalog: Catalog, active: readonly ActiveRule[], parsed: ParsedSection, upOrigin?: SectionAnalysis['origin']): SectionAnalysis => {
    // An ORM migration's section is analysed as the SQL its calls send, then placed in the host file.
    const sql = source.host ? source : undefined;
    const analysed = analyseSection({ migration, section, parsed, fileText: sql ? sql.text : file.text, rules: active, file: sql ?? file, ...(sql ? { hostFile: file } : {}), pgVersion: config.pgVersion, downRequired: downRequired(migration), catalog, timeouts: { apply: { lockTimeout: config.apply.lockTimeout, statementTimeout: config.apply.statementTimeout }, deploy: config.deployTimeouts }, run: runPosition(migration), ...(upOrigin ? { upOrigin } : {}), ...(sizes ? { sizes } : {}), ...(options.markEmptyingFixes === false ? { markEmptyingFixes: false } : {}), ...(readNested ? { readNested } : {}) });
    return source.host ? inHostFile(analysed, source.host, source.text, file) : analysed;
  };
  const migrationInputs = (at: number, migration: Migration, down: ParsedSection | undefined): MigrationInputs => ({
    set,
    at,
    config,
    up: parse(migration.up),
    down,
    upRules: isReported(migration.up.file) ? rules : [],
    run: runPosition(migration),
    downRequired: downRequired(migration),
    markEmptyingFixes: options.markEmptyingFixes !== false,
  });
  // Checking fixes: each migration replays into a layer over the catalog before it, kept to analyse its files again with fixes applied.
  const fixCheck = options.checkFixes ? new SetFixCheck(set.migrations) : undefined;
  analysed.forEach((migration, k) => {
    const i = start + k;
    if (options.facts && i > start && options.facts.wants(i, first, set.migrations)) {
      for (const [dir, catalog] of options.facts.store(config, set.migrations, i, catalogs)) catalogs.set(dir, catalog);
    }
    if (fixCheck) catalogs.set(setDirectory(migration), fixCheck.enter(migration, catalogFor(migration)));
    const enter = (source: SectionSource, analysis: SectionAnalysis): SectionAnalysis => {
      const entry = fileEntry(source.file);
      entry.findings.push(...analysis.findings);
      entry.statements.push(...analysis.statements.map((s) => s.span));
      return analysis;
    };
    const analyse = (section: 'up' | 'down', catalog: Catalog, upOrigin?: SectionAnalysis['origin']): SectionAnalysis | undefined => {
      const source = migration[section];
      if (!source) return undefined;
      const file = set.files.get(source.file) ?? { text: source.text };
      // A file whose findings are not reported is read for its facts only (the schema model).
      const active = isReported(source.file) ? rules : [];
      return enter(source, analyseSource(migration, section, source, file, catalog, active, fixCheck ? fixCheck.parsed(source, parse(source)) : parse(source), upOrigin));
    };
    const catalog = catalogFor(migration);
    // A down section feeds no later fact: skip it when its findings are not reported.
    const downReported = migration.down && isReported(migration.down.file);
    const inputs = options.kept && !fixCheck && reports(migration) ? migrationInputs(i, migration, downReported ? parse(migration.down!) : undefined) : undefined;
    const reused = inputs && options.kept!.reuse(inputs);
    let up!: SectionAnalysis;
    let down: SectionAnalysis | undefined;
    if (reused) {
      catalogs.set(setDirectory(migration), reused.after.fork());
      if (reused.record) indexesCreated.push(reused.record);
      up = enter(migration.up, reused.up);
      down = reused.down && enter(migration.down!, reused.down);
    } else {
      const recorded = indexesCreated.length;
      recordUp(migration, () => (up = analyse('up', catalog)!));
      down = downReported ? analyse('down', catalog.fork(), up.origin) : undefined;
      if (inputs) {
        // The catalog after the up is kept as it stands: what follows changes a fork of it.
        catalogs.set(setDirectory(migration), catalog.fork());
        options.kept!.keep(inputs, { up, down, record: indexesCreated[recorded], after: catalog });
      }
    }
    const findings = [...up.findings, ...(down?.findings ?? [])];
    if (options.keepAnalyses !== false) migrations.push({ migration, up, ...(down ? { down } : {}), findings, errorCount: 0 });
    else if (fixCheck) catalogs.set(setDirectory(migration), fixCheck.leave(migration, catalog, findings));
  });
  const end = start + analysed.length;
  if (options.facts && end > start && options.facts.wants(end, first, set.migrations)) options.facts.store(config, set.migrations, end, catalogs);
  // The migrations after the last reported one: only the indexes they create (and what breaks a type fix) can change a finding.
  const withdrawable = [...byFile.values()].some((entry) => entry.findings.some((f) => f.withdrawnByIndex || (f.typeFixGuard && f.fix)));
  if (withdrawable) {
    const replayLater = () => {
      const from = indexesCreated.length;
      for (const migration of set.migrations.slice(end)) recordUp(migration, () => replaySection(parse(migration.up), catalogFor(migration)));
      return indexesCreated.splice(from);
    };
    indexesCreated.push(...(options.later ? options.later.recorded(set.migrations, end, replayLater) : replayLater()));
  }

  for (const problem of set.problems) {
    if (!isReported(problem.file)) continue;
    const severity = effectiveSeverity(config, problem.ruleId);
    if (!severity) continue;
    fileEntry(problem.file).findings.push(builtinFinding(set, problem.file, problem.ruleId, severity, problem.span, problem.message));
  }

  const hostSections = sectionsOfHostFiles(set.migrations);
  const all: Finding[] = [];
  for (const [file, entry] of byFile) {
    // A file read for its facts only: its findings and suppressions are not reported.
    if (!isReported(file)) continue;
    const text = set.files.get(file)?.text ?? '';
    const sections = hostSections.get(file);
    const found = sections ? () => hostFileComments(text, file, sections) : undefined;
    all.push(...entry.findings, ...suppressionFindings(set, config, file, text, entry.findings, entry.statements, found));
  }
  if (options.withdraw !== false) markTypeFixesBrokenLater(set.migrations, all, indexesCreated);
  const withheld = fixCheck?.withhold(all, {
    set,
    config,
    analysed,
    rules,
    analyse: analyseSource,
    hostSections,
    invalidFile: (file, message) => builtinFinding(set, file, 'invalid-file', 'error', { start: 0, end: 0 }, message),
    suppressions: (file, text, findings, statements, comments) => suppressionFindings(set, config, file, text, findings, statements, comments),
  });

  const { report } = options;
  const kept = options.withdraw === false ? all : withdrawIndexedLater(set.migrations, all, indexesCreated);
  const reported = report ? kept.filter((f) => report(f.file)) : kept;
  reported.sort(compareFindings);
  const keep = new Set(kept);
  for (const m of migrations) {
    m.findings = m.findings.filter((f) => keep.has(f) && (!report || report(f.file)));
    m.findings.sort(compareFindings);
    m.errorCount = findingCounts(m.findings).errorCount;
  }
  return {
    set,
    migrations,
    findings: reported,
    ...findingCounts(reported),
    indexesCreated,
    ...(withheld ? { withheld } : {}),
  };
}

/**
 * Where each migration sits in its directory's set, for a whole run's transaction: a run commits
 * after the newest migration of the directory when every one is pending (a fresh database).
 */
export function runPositions(migrations: readonly Migration[]): (m: Migration) => RunPosition {
  const { lastOfDirectory } = shapeOf(migrations);
  const shown = (m: Migration) => relative(setDirectory(m), m.up.file).split(sep).join('/');
  return (m) => {
    const at = lastOfDirectory.get(setDirectory(m));
    const last = at === undefined ? m : migrations[at];
    return { file: shown(m), lastMigration: shown(last), isLast: last === m };
  };
}

function builtinFinding(set: MigrationSet, file: string, ruleId: string, severity: Severity, span: Span, message: string): Finding {
  const lines = lineIndexFor(set.files.get(file) ?? { text: '' });
  return { file, ruleId, severity, message, span, start: lines.position(span.start), end: lines.position(span.end), statement: -1 };
}

function suppressionFindings(
  set: MigrationSet,
  config: ResolvedConfig,
  file: string,
  text: string,
  findings: Finding[],
  statements: Span[],
  comments?: () => readonly Comment[],
): Finding[] {
  const suppressions = parseSuppressions(text, comments);
  if (suppressions.length === 0) return [];
  const { suppressions: resolved } = applySuppressions(text, findings, statements, suppressions);
  const out: Finding[] = [];
  const emit = (ruleId: string, span: Span, message: string) => {
    const severity = effectiveSeverity(config, ruleId);
    if (severity) out.push(builtinFinding(set, file, ruleId, severity, span, message));
  };
  for (const s of resolved) {
    // squawk's comments belong to another tool: never unknown, unused or missing a reason here.
    if (s.source === 'squawk') continue;
    const directive = s.kind === 'file' ? 'migrationlint-ignore-file' : 'migrationlint-ignore';
    for (const id of s.rules) {
      if (!registry.has(id)) emit('unknown-rule', s.span, `Unknown rule "${id}" in ${directive}${didYouMean(id, registry.keys())}.`);
      else if (effectiveSeverity(config, id) && !s.used.has(id) && !DATABASE_RULE_IDS.has(id)) emit('unused-suppression', s.span, `Suppression of ${id} suppresses nothing.`);
    }
    if (s.rules.length === 0 && s.used.size === 0) emit('unused-suppression', s.span, `${directive} suppresses nothing.`);
    if (s.placeholder) emit('suppression-missing-reason', s.span, `${directive} has the placeholder "${s.placeholder}" instead of a reason: replace it with why this is safe.`);
    else if (!s.reason) emit('suppression-missing-reason', s.span, `${directive} has no reason: add "-- why" after the rule ids.`);
  }
  return out;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export type { TransactionMode };
