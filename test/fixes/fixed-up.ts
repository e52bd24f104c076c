// An up (or a down) with lint's fixes applied, as the tool reads it (its statements and its
// transaction mode, which a fix may change: CONCURRENTLY runs the migrationlint engine's up
// without one), run on PostgreSQL, and judged against the original: it must apply where the
// original does, and leave the same schema but for the widening the fixes intend.
import type { SectionAnalysis } from '../../src/analyse.js';
import type { Db } from '../../src/apply/driver.js';
import type { ResolvedConfig } from '../../src/config.js';
import { applyFixes } from '../../src/fix.js';
import { lint, type LintResult, type MigrationAnalysis } from '../../src/lint.js';
import type { Finding, Fix, TransactionMode } from '../../src/types.js';
import { describeMismatch, isEmptyDiff } from '../../src/verify/compare.js';
import { describePgError, runSection, runStatements, type SectionStatement } from '../../src/verify/run-section.js';
import { takeSnapshot, type Snapshot } from '../../src/verify/snapshot.js';
import { unintendedDifference } from './fix-effect.js';

export type FixFinding = Finding & { fix: Fix };

export type Outcome = { ok: true; snapshot: Snapshot } | { ok: false; problem: string };

/** An up as it runs: its statements' text and its transaction mode. */
type Runnable = { statements: readonly SectionStatement[]; transaction: TransactionMode };

/** The lint run the fixes came from. */
export interface LintRun {
  cwd: string;
  config: ResolvedConfig;
  result: LintResult;
}

export type SectionName = 'up' | 'down';

/** The unsuppressed fixes lint offers inside the migration's up (or down) section. */
export function sectionFixes(result: LintResult, m: MigrationAnalysis, section: SectionName = 'up'): FixFinding[] {
  const source = m.migration[section];
  if (!source) return [];
  const { file, offset, text } = source;
  return result.findings.filter((f): f is FixFinding => f.fix !== undefined && !f.suppressed && f.file === file && f.span.start >= offset && f.span.end <= offset + text.length);
}

/** The section once the fixes are applied to its file, linted again by itself with the runner the set has. */
export async function fixedSection(run: LintRun, m: MigrationAnalysis, section: SectionName, fixes: readonly Fix[]): Promise<SectionAnalysis> {
  const file = m.migration[section]?.file;
  const fileText = file === undefined ? undefined : run.result.set.files.get(file)?.text;
  if (file === undefined || fileText === undefined) throw new Error(`the ${section} of ${m.migration.id} is not in the set's files`);
  const text = applyFixes(fileText, fixes).text;
  const config = { ...run.config, runner: m.migration.runner };
  const paths = [...new Set([m.migration.up.file, file])];
  const relinted = await lint({ cwd: run.cwd, config, paths, overrides: new Map([[file, text]]) });
  const found = relinted.migrations.find((x) => x.migration.up.file === m.migration.up.file && x.migration.version === m.migration.version)?.[section];
  if (!found) throw new Error(`the fixed ${file} holds no ${section} of ${m.migration.version} when linted again`);
  return found;
}

const failed = (statement: number, error: Parameters<typeof describePgError>[0]): Outcome => ({ ok: false, problem: `statement ${statement + 1} fails: ${describePgError(error)}` });

/** Runs the section in its transaction mode, as its runner would; then the schema it left. */
export async function runAndSnapshot(db: Db, up: Runnable): Promise<Outcome> {
  const res = await runSection(db, up.statements, up.transaction);
  return res.ok ? { ok: true, snapshot: await takeSnapshot(db) } : failed(res.statement, res.error);
}

/**
 * A wrapped section, run in its transaction and rolled back instead of committed: the schema it
 * leaves is read inside, and the database is as before (DDL is transactional). Deferred
 * constraints are checked first, as COMMIT would.
 */
export async function runRolledBack(db: Db, up: Runnable): Promise<Outcome> {
  if (up.transaction !== 'wrapped') throw new Error(`only a wrapped section can be rolled back, not ${up.transaction}`);
  await db.exec('BEGIN');
  try {
    const res = await runStatements(db, up.statements);
    if (!res.ok) return failed(res.statement, res.error);
    try {
      await db.exec('SET CONSTRAINTS ALL IMMEDIATE');
    } catch (err) {
      return { ok: false, problem: `a deferred constraint fails at the end: ${(err as Error).message}` };
    }
    return { ok: true, snapshot: await takeSnapshot(db) };
  } finally {
    await db.exec('ROLLBACK');
  }
}

/** What is wrong with the fixed section, or undefined when it does what the original does. */
export function judge(original: { section: SectionAnalysis; snapshot: Snapshot }, fixes: readonly FixFinding[], fixed: { section: SectionAnalysis; outcome: Outcome }): string | undefined {
  const name = original.section.section;
  if (!fixed.outcome.ok) return `the fixed ${name} (${fixed.section.transaction}) fails where the original (${original.section.transaction}) applies: ${fixed.outcome.problem}`;
  const diff = unintendedDifference(original.snapshot, fixed.outcome.snapshot, fixes.map((f) => f.ruleId));
  return isEmptyDiff(diff) ? undefined : `the fixed ${name} leaves another schema than the original, beyond the intended type widening: ${describeMismatch(diff)}`;
}
