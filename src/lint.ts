// lint(): discover → parse → analyse → suppressions. Returns values; never prints.
import { dirname, resolve } from 'node:path';
import type { ResolvedConfig } from './config.js';
import { effectiveSeverity } from './config.js';
import type { Finding, Migration, MigrationSet, Severity, Span, TransactionMode } from './types.js';
import { discover } from './discover.js';
import { loadParser, parseSection } from './parse.js';
import { analyseSection, type ActiveRule, type AnalysedStatement, type SectionAnalysis } from './analyse.js';
import { applySuppressions, parseSuppressions } from './suppress.js';
import { rules as registry } from '../rules/index.js';
import { lineIndexFor } from './text.js';

export type { AnalysedStatement, SectionAnalysis } from './analyse.js';

export interface LintOptions {
  cwd: string;
  config: ResolvedConfig;
  /** Files, directories or globs relative to cwd; default: the config's migrations. */
  paths?: string[];
  /** In-memory file contents by absolute path (editor buffers, --stdin, staged content). */
  overrides?: Map<string, string>;
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
}

export function activeRules(config: ResolvedConfig): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const [id, rule] of registry) {
    const setting = config.rules.get(id);
    if (rule.meta.kind !== 'rule' || !setting || setting.severity === 'off') continue;
    active.push({ rule, severity: setting.severity, options: setting.options });
  }
  return active;
}

export async function lint(opts: LintOptions): Promise<LintResult> {
  await loadParser();
  const { config } = opts;
  const patterns = opts.paths && opts.paths.length > 0 ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.migrations.map((p) => resolve(config.dir, p));
  const set = await discover({
    cwd: opts.cwd,
    patterns,
    runner: config.runner,
    assumeInTransaction: config.assumeInTransaction,
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
  });
  return analyseSet(set, config);
}

const countErrors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error' && !f.suppressed).length;

/** Analyse an already discovered set (the parser must be loaded: `await loadParser()`). */
export function analyseSet(set: MigrationSet, config: ResolvedConfig): LintResult {
  const rules = activeRules(config);
  // "The set uses down migrations" is decided per migrations directory, so linting several
  // projects' directories at once does not demand downs from a forward-only one.
  const dirsWithDown = new Set(set.migrations.filter((m) => m.down).map(setDirectory));
  const downRequired = (m: Migration) => config.down === 'required' || (config.down === 'auto' && dirsWithDown.has(setDirectory(m)));
  const byFile = new Map<string, { findings: Finding[]; statements: Span[] }>();
  const fileEntry = (file: string) => {
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { findings: [], statements: [] }));
    return entry;
  };

  const migrations: MigrationAnalysis[] = set.migrations.map((migration) => {
    const analyse = (section: 'up' | 'down'): SectionAnalysis | undefined => {
      const source = migration[section];
      if (!source) return undefined;
      const fileText = set.files.get(source.file)?.text ?? source.text;
      const analysis = analyseSection({ migration, section, parsed: parseSection(source), fileText, rules, pgVersion: config.pgVersion, downRequired: downRequired(migration) });
      const entry = fileEntry(source.file);
      entry.findings.push(...analysis.findings);
      entry.statements.push(...analysis.statements.map((s) => s.span));
      return analysis;
    };
    const up = analyse('up')!;
    const down = analyse('down');
    const findings = [...up.findings, ...(down?.findings ?? [])];
    return { migration, up, ...(down ? { down } : {}), findings, errorCount: 0 };
  });

  for (const problem of set.problems) {
    const severity = effectiveSeverity(config, problem.ruleId);
    if (!severity) continue;
    fileEntry(problem.file).findings.push(builtinFinding(set, problem.file, problem.ruleId, severity, problem.span, problem.message));
  }

  const all: Finding[] = [];
  for (const [file, entry] of byFile) {
    const text = set.files.get(file)?.text ?? '';
    all.push(...entry.findings, ...suppressionFindings(set, config, file, text, entry.findings, entry.statements));
  }
  all.sort(compareFindings);
  for (const m of migrations) {
    m.findings.sort(compareFindings);
    m.errorCount = countErrors(m.findings);
  }
  return {
    set,
    migrations,
    findings: all,
    errorCount: countErrors(all),
    warningCount: all.filter((f) => f.severity === 'warning' && !f.suppressed).length,
  };
}

/** The directory a migration's set lives in (the parent of `V_name/` for up/down dirs). */
function setDirectory(m: Migration): string {
  const dir = dirname(m.up.file);
  return m.layout === 'up-down-dir' ? dirname(dir) : dir;
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
): Finding[] {
  const suppressions = parseSuppressions(text);
  if (suppressions.length === 0) return [];
  const { suppressions: resolved } = applySuppressions(text, findings, statements, suppressions);
  const out: Finding[] = [];
  const emit = (ruleId: string, span: Span, message: string) => {
    const severity = effectiveSeverity(config, ruleId);
    if (severity) out.push(builtinFinding(set, file, ruleId, severity, span, message));
  };
  for (const s of resolved) {
    const directive = s.kind === 'file' ? 'migrationlint-ignore-file' : 'migrationlint-ignore';
    for (const id of s.rules) {
      if (!registry.has(id)) emit('unknown-rule', s.span, `Unknown rule "${id}" in ${directive}.`);
      else if (effectiveSeverity(config, id) && !s.used.has(id)) emit('unused-suppression', s.span, `Suppression of ${id} suppresses nothing.`);
    }
    if (s.rules.length === 0 && s.used.size === 0) emit('unused-suppression', s.span, `${directive} suppresses nothing.`);
    if (!s.reason) emit('suppression-missing-reason', s.span, `${directive} has no reason: add "-- why" after the rule ids.`);
  }
  return out;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export type { TransactionMode };
