// A fix is applied only when the text it leaves lints with no error the set did not have already:
// "Add CONCURRENTLY" next to another statement would trade the finding for
// mixed-transactional-statements. One check for `lint --fix`, `--fix-dry-run` and the language
// server's quick fixes.
import { applyFixes, takeFixes } from './fix.js';
import { groupBy } from './group.js';
import type { Finding, Fix } from './types.js';

/** Unsuppressed errors per file, counted per rule id. */
function errorCounts(findings: readonly Finding[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if (f.severity !== 'error' || f.suppressed) continue;
    let byRule = counts.get(f.file);
    if (!byRule) counts.set(f.file, (byRule = new Map()));
    byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  }
  return counts;
}

/** An error the lint after a fix has and the lint before had not (more of that rule in a file): `rule in file`. */
export function addedError(before: readonly Finding[], after: readonly Finding[]): { ruleId: string; file: string } | undefined {
  const was = errorCounts(before);
  for (const [file, byRule] of errorCounts(after)) {
    for (const [ruleId, count] of byRule) if (count > (was.get(file)?.get(ruleId) ?? 0)) return { ruleId, file };
  }
  return undefined;
}

export interface WithheldFix {
  finding: Finding & { fix: Fix };
  /** The rule whose error the fix would add. */
  ruleId: string;
}

/** The same fix of the same finding from one lint to the next, wherever earlier edits moved it. */
export function fixIdentity(f: Finding & { fix: Fix }, text: string): string {
  return JSON.stringify([f.file, f.ruleId, f.fix.title, f.fix.edits.map((e) => [text.slice(e.start, e.end), e.text])]);
}

/** The line `lint` prints for a withheld fix. */
export function withheldNotice(w: WithheldFix, shown: (file: string) => string): string {
  return `fix withheld: ${shown(w.finding.file)}:${w.finding.start.line}:${w.finding.start.column} ${w.finding.ruleId} "${w.finding.fix.title}" would add error ${w.ruleId}`;
}

/** Lints the set with these file texts in place of the files' own. */
export type LintTexts<R extends { findings: readonly Finding[] }> = (texts: ReadonlyMap<string, string>) => Promise<R>;
/** Lints one file of the set as if its text were `text`: that file's findings. */
export type LintFile = (file: string, text: string) => Promise<readonly Finding[]>;

export interface FixChecked<R> {
  withheld: WithheldFix[];
  /**
   * Every file's fixes applied together (the overlapping ones left out): the texts, their lint,
   * and whether that lint has an error the original had not (fixes that add one only together).
   */
  together: { texts: Map<string, string>; result: R; addsError: boolean };
}

/**
 * Which of the fixes of `fixable` would add an error to `findings`, the lint of the current
 * `texts`. All fixes of a file are tried together first, in one lint of every file: usually that
 * adds no error, and that lint is the one a fixing caller needs next anyway. A file whose fixes
 * together add one has them tried one by one, each with a lint of that file (`lintFile`).
 */
export async function checkFixes<R extends { findings: readonly Finding[] }>(
  findings: readonly Finding[],
  fixable: readonly (Finding & { fix: Fix })[],
  texts: ReadonlyMap<string, string>,
  lint: { texts: LintTexts<R>; file: LintFile },
): Promise<FixChecked<R>> {
  const byFile = groupBy(fixable, (f) => f.file);
  const together = new Map<string, string>();
  const alone: (Finding & { fix: Fix })[] = [];
  for (const [file, group] of byFile) {
    const text = texts.get(file);
    if (text === undefined) continue;
    const { text: fixed, taken } = takeFixes(text, group.map((f) => f.fix));
    together.set(file, fixed);
    // Fixes that overlap one taken are tried on their own.
    alone.push(...group.filter((f) => !taken.includes(f.fix)));
  }
  const result = await lint.texts(together);
  const addsError = addedError(findings, result.findings) !== undefined;
  const beforeByFile = groupBy(findings, (f) => f.file);
  if (addsError) {
    for (const [file, found] of groupBy(result.findings, (f) => f.file)) {
      if (!addedError(beforeByFile.get(file) ?? [], found)) continue;
      alone.push(...(byFile.get(file) ?? []).filter((f) => !alone.includes(f)));
    }
  }

  const withheld: WithheldFix[] = [];
  for (const finding of alone) {
    const after = await lint.file(finding.file, applyFixes(texts.get(finding.file)!, [finding.fix]).text);
    const added = addedError(beforeByFile.get(finding.file) ?? [], after);
    if (added) withheld.push({ finding, ruleId: added.ruleId });
  }
  return { withheld, together: { texts: together, result, addsError } };
}
