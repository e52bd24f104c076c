// Bringing a throwaway database to a point of the set: the ups, in order, in their transaction
// modes. Used by diff (schema at a version) and trace (the predecessors of the traced migration).
import type { LintResult, MigrationAnalysis } from '../lint.js';
import { blocker } from './preflight.js';
import { describePgError, runSection } from './run-section.js';
import type { Throwaway } from './throwaway.js';
import { groupBySetDirectory } from './verify.js';
import { VerifyError } from './errors.js';


/** Applies the ups of `migrations[from..to]` (inclusive), calling `after(i)` after each. */
export async function replayUps(
  t: Throwaway,
  migrations: readonly MigrationAnalysis[],
  range: { from: number; to: number },
  after?: (index: number) => Promise<void>,
): Promise<void> {
  for (let i = range.from; i <= range.to; i++) {
    const m = migrations[i]!;
    const blocked = blocker(m.up, t.kind);
    if (blocked) throw new VerifyError(`cannot replay ${m.migration.version} ${m.migration.name}: ${blocked.reason}`, 1);
    const res = await runSection(t.db, m.up.statements, m.up.transaction);
    if (!res.ok) {
      throw new VerifyError(`cannot replay ${m.migration.version} ${m.migration.name}: statement ${res.statement + 1} fails on ${t.description}: ${describePgError(res.error)}`, 1);
    }
    await after?.(i);
  }
}

/** The migrations of the directory that holds `version` (or the only directory when none is named). */
export function groupOf(result: LintResult, version: string | undefined): MigrationAnalysis[] {
  const groups = [...groupBySetDirectory(result.migrations).values()];
  if (version !== undefined) {
    const found = groups.find((g) => g.some((m) => m.migration.version === version));
    if (!found) throw new VerifyError(`no migration with version ${version} in the set`, 2);
    return found;
  }
  if (groups.length === 1) return groups[0]!;
  if (groups.length === 0) throw new VerifyError('the set holds no migration', 1);
  throw new VerifyError(`the set holds ${groups.length} migrations directories, each its own database: name a version to say which`, 2);
}
