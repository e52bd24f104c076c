// Apply fixes the way ESLint does: per file, fixes sorted by position, a fix overlapping one
// already taken is left for the next pass, and the set is linted again until no fix applies
// (at most MAX_FIX_PASSES passes).
import type { Edit, Finding, Fix } from './types.js';
import { groupBy } from './group.js';

export const MAX_FIX_PASSES = 10;

const firstEdit = (fix: Fix) => Math.min(...fix.edits.map((e) => e.start));
const lastEdit = (fix: Fix) => Math.max(...fix.edits.map((e) => e.end));

/**
 * Applies several fixes to a text. As in ESLint, a fix covers the range from its first edit to its
 * last; fixes are taken in position order, and one that starts before the previous one taken has
 * ended (or right where it ended) is left for the next pass.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const accepted: Edit[] = [];
  let applied = 0;
  let lastEnd = -Infinity;
  const ordered = fixes.filter((f) => f.edits.length > 0).sort((a, b) => firstEdit(a) - firstEdit(b) || lastEdit(a) - lastEdit(b));
  for (const fix of ordered) {
    if (firstEdit(fix) <= lastEnd) continue;
    accepted.push(...fix.edits);
    lastEnd = lastEdit(fix);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of accepted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, applied };
}

export interface Lintable {
  findings: readonly Finding[];
  set: { files: ReadonlyMap<string, { text: string }> };
}

export interface FixOutcome<R extends Lintable> {
  /** The lint result of the final texts. */
  result: R;
  /** Original and fixed text of every file a fix changed. */
  changed: Map<string, { before: string; after: string }>;
  /** Fixes applied over all passes. */
  applied: number;
  passes: number;
}

/**
 * Lints, applies the fixes of the findings `include` accepts, and lints the fixed texts again
 * until no fix applies. `lintWith` lints the set with the given in-memory file contents.
 */
export async function fixUntilStable<R extends Lintable>(
  lintWith: (overrides: Map<string, string>) => Promise<R>,
  overrides: Map<string, string> = new Map(),
  include: (f: Finding) => boolean = () => true,
): Promise<FixOutcome<R>> {
  const texts = new Map(overrides);
  const changed = new Map<string, { before: string; after: string }>();
  let result = await lintWith(texts);
  let applied = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const fixable = result.findings.filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && !f.suppressed && include(f));
    const byFile = new Map([...groupBy(fixable, (f) => f.file)].map(([file, findings]) => [file, findings.map((f) => f.fix)]));
    let progress = false;
    for (const [file, fixes] of byFile) {
      const before = result.set.files.get(file)?.text;
      if (before === undefined) continue;
      const fixed = applyFixes(before, fixes);
      if (fixed.text === before) continue;
      texts.set(file, fixed.text);
      changed.set(file, { before: changed.get(file)?.before ?? before, after: fixed.text });
      applied += fixed.applied;
      progress = true;
    }
    if (!progress) break;
    passes++;
    result = await lintWith(texts);
  }
  return { result, changed, applied, passes };
}
