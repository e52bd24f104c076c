// `lint` reports offer only fixes that add no error: each file's fixes are checked with lints of
// that file as part of its set — analyseSet analyses it again on the schema model the run built
// before it (`relint`), never the set again.
import { fileFixTrials, runTrialsSync, unchecked, type WithheldFix } from './fix-check.js';

/**
 * Above this a file's fixes are withheld from the reports unchecked: each check applies every fix
 * to the whole text and lints it again, which on a 2 MB file with ~2,000 fixes took 27 s (1.9 s
 * without the check) and on a 10 MB file minutes.
 */
export const MAX_CHECKED_TEXT = 256 * 1024;
import { groupBy } from './group.js';
import type { Finding, Fix } from './types.js';

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
