// `lint` reports offer only fixes that add no error: each file's fixes are checked with lints of
// that file as part of its set — analyseSet analyses it again on the schema model the run built
// before it (`relint`), never the set again.
import { fileFixTrials, runTrialsSync, unchecked, type WithheldFix } from './fix-check.js';
import { groupBy } from './group.js';
import type { Finding, Fix } from './types.js';

/**
 * Above this a file's fixes are withheld from the reports unchecked. Fixes are applied in one pass
 * over the text now, so a check costs the lints of the file it needs (at most MAX_TRIALS): on the
 * corpus concatenated (2 MB, 575 fixes) 3.2 s CPU against 2.0 s unchecked, on 10 MB 124 s
 * against 14 s — too much for a report.
 */
export const MAX_CHECKED_TEXT = 2 * 1024 * 1024;

/** Lints `file` with `fixes` applied: its findings (suppressions applied, suppression findings included). */
export type Relint = (file: string, fixes: readonly Fix[]) => readonly Finding[];

/**
 * Takes the fix off every finding of `findings` whose fix would add an error to its file, and
 * returns those fixes. `findings` are whole files' findings, suppressions applied.
 */
export function withholdUnsafeFixes(findings: readonly Finding[], textOf: (file: string) => string | undefined, relint: Relint): WithheldFix[] {
  const withheld: WithheldFix[] = [];
  for (const [file, found] of groupBy(findings, (f) => f.file)) {
    const fixable = found.filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && f.fix.edits.length > 0 && !f.suppressed);
    const text = textOf(file);
    if (fixable.length === 0 || text === undefined) continue;
    if (text.length > MAX_CHECKED_TEXT) {
      withheld.push(...unchecked(fixable));
      continue;
    }
    withheld.push(...runTrialsSync(fileFixTrials(found, fixable, text), (fixes) => relint(file, fixes)));
  }
  return withheld.map((w) => {
    const offered = { ...w.finding };
    delete (w.finding as Finding).fix;
    return { ...w, finding: offered };
  });
}
