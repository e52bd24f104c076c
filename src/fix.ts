// Apply fixes the way ESLint does: per file, fixes sorted by position, a fix overlapping one
// already taken is left for the next pass, and the set is linted again until no fix applies
// (at most MAX_FIX_PASSES passes).
import type { Edit, Finding, Fix } from './types.js';
import { groupBy } from './group.js';
import { checkFixes, fixIdentity, withoutEmptyingFixes, type LintFile, type WithheldFix } from './fix-check.js';

export const MAX_FIX_PASSES = 10;

const firstEdit = (fix: Fix) => Math.min(...fix.edits.map((e) => e.start));
const lastEdit = (fix: Fix) => Math.max(...fix.edits.map((e) => e.end));

/**
 * Applies several fixes to a text. As in ESLint, a fix covers the range from its first edit to its
 * last; fixes are taken in position order, and one that starts before the previous one taken has
 * ended (or right where it ended) is left for the next pass.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const { text: out, taken } = takeFixes(text, fixes);
  return { text: out, applied: taken.length };
}

/** applyFixes, with the fixes it took. */
export function takeFixes(text: string, fixes: readonly Fix[]): { text: string; taken: Fix[] } {
  const accepted: Edit[] = [];
  const taken: Fix[] = [];
  let lastEnd = -Infinity;
  const ordered = fixes.filter((f) => f.edits.length > 0).sort((a, b) => firstEdit(a) - firstEdit(b) || lastEdit(a) - lastEdit(b));
  for (const fix of ordered) {
    if (firstEdit(fix) <= lastEnd) continue;
    accepted.push(...fix.edits);
    lastEnd = lastEdit(fix);
    taken.push(fix);
  }
  return { text: withEdits(text, accepted), taken };
}

/**
 * The text with non-overlapping edits applied, in one pass over them in position order (applying
 * them one by one to the whole text was quadratic: thousands of fixes on a 2 MB file). Edits at
 * one position go in the reverse of their order in `edits`, as when each is inserted in turn.
 */
export function withEdits(text: string, edits: readonly Edit[]): string {
  const ordered = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || b.i - a.i);
  const parts: string[] = [];
  let at = 0;
  for (const { edit } of ordered) {
    parts.push(text.slice(at, Math.max(at, edit.start)), edit.text);
    at = Math.max(at, edit.end);
  }
  parts.push(text.slice(at));
  return parts.join('');
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
  /** Fixes not applied because they would add an error (each once). */
  withheld: WithheldFix[];
}

type Fixable = Finding & { fix: Fix };

/**
 * Lints, applies the fixes of the findings `include` accepts, and lints the fixed texts again
 * until no fix applies. `lintWith` lints the set with the given in-memory file contents. A fix
 * that would add an error is withheld (src/fix-check.ts).
 */
export async function fixUntilStable<R extends Lintable>(
  lintWith: (overrides: Map<string, string>) => Promise<R>,
  overrides: Map<string, string> = new Map(),
  include: (f: Finding) => boolean = () => true,
): Promise<FixOutcome<R>> {
  const texts = new Map(overrides);
  const changed = new Map<string, { before: string; after: string }>();
  const withheld: WithheldFix[] = [];
  const refused = new Set<string>();
  let result = await lintWith(texts);
  let applied = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const current = new Map<string, string>();
    const offered: Fixable[] = [];
    for (const f of result.findings) {
      const text = result.set.files.get(f.file)?.text;
      if (f.fix === undefined || f.fix.edits.length === 0 || f.suppressed || !include(f) || text === undefined) continue;
      if (refused.has(fixIdentity(f as Fixable, text))) continue;
      offered.push(f as Fixable);
      current.set(f.file, text);
    }
    const refuse = (ws: readonly WithheldFix[]) => {
      for (const w of ws) {
        refused.add(fixIdentity(w.finding, current.get(w.finding.file)!));
        withheld.push(w);
      }
    };
    const { kept: fixable, withheld: emptying } = withoutEmptyingFixes(offered);
    refuse(emptying);
    if (fixable.length === 0) break;
    const lintTexts = (fixed: ReadonlyMap<string, string>) => lintWith(new Map([...texts, ...fixed]));
    // A fix checked alone: its file linted with the whole set (what the set reads for facts matters).
    const file: LintFile = async (name, text) => (await lintTexts(new Map([[name, text]]))).findings.filter((f) => f.file === name);
    const checked = await checkFixes(result.findings, fixable, current, { texts: lintTexts, file });
    refuse(checked.withheld);
    const unsafe = new Set<Finding>(checked.withheld.map((w) => w.finding));
    const safe = fixable.filter((f) => !unsafe.has(f));
    // Safe one by one, not all together: one fix per file this pass, the next pass checks the rest again.
    const oneEach = checked.together.addsError && checked.withheld.length === 0;
    const fixed = new Map<string, string>();
    for (const [file, group] of groupBy(safe, (f) => f.file)) {
      const before = current.get(file)!;
      const after = applyFixes(before, (oneEach ? group.slice(0, 1) : group).map((f) => f.fix));
      if (after.text === before) continue;
      fixed.set(file, after.text);
      changed.set(file, { before: changed.get(file)?.before ?? before, after: after.text });
      applied += after.applied;
    }
    if (fixed.size === 0) break;
    for (const [file, text] of fixed) texts.set(file, text);
    passes++;
    // Nothing withheld: the texts are those the check linted together.
    result = checked.withheld.length === 0 && !oneEach ? checked.together.result : await lintWith(texts);
  }
  return { result, changed, applied, passes, withheld };
}
