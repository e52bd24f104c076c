// A fix is applied only when the text it leaves lints with no error the set did not have already:
// "Add CONCURRENTLY" next to another statement would trade the finding for
// mixed-transactional-statements. One check for `lint --fix`, `--fix-dry-run` and the language
// server's quick fixes.
import { applyFixes, takeFixes } from './fix.js';
import { groupBy } from './group.js';
import type { Finding, Fix, LaterBreak } from './types.js';

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
  /** The rule whose error the fix would add (or, unchecked, the one the group it was in added). */
  ruleId: string;
  /** Not checked: the file's fixes needed more lints than MAX_TRIALS. */
  unchecked?: true;
  /** The fixed statement would change nothing in the schema model (Fix.emptiesStatement). */
  emptiesStatement?: true;
  /** A later migration of the set would fail after the fix (Fix.breaksLater). */
  breaksLater?: LaterBreak;
}

/** Splits off the fixes that would leave their statement doing nothing or break a later migration: withheld without a lint. */
export function withoutEmptyingFixes<F extends Fixable>(fixable: readonly F[]): { kept: F[]; withheld: WithheldFix[] } {
  const known = (f: F) => f.fix.emptiesStatement || f.fix.breaksLater;
  const kept = fixable.filter((f) => !known(f));
  const withheld = fixable.filter(known).map((finding): WithheldFix => {
    const { emptiesStatement, breaksLater } = finding.fix;
    return { finding, ruleId: finding.ruleId, ...(emptiesStatement ? { emptiesStatement } : breaksLater ? { breaksLater } : {}) };
  });
  return { kept, withheld };
}

/**
 * Lints of one file a check may take. Each lints the whole file, so a large file with many
 * overlapping or error-adding fixes (a 2 MB concatenation: 1.9 → 27 s) would take minutes;
 * past it the fixes not yet checked are withheld, never offered unchecked.
 */
export const MAX_TRIALS = 16;

/** The same fix of the same finding from one lint to the next, wherever earlier edits moved it. */
export function fixIdentity(f: Finding & { fix: Fix }, text: string): string {
  return JSON.stringify([f.file, f.ruleId, f.fix.title, f.fix.edits.map((e) => [text.slice(e.start, e.end), e.text])]);
}

type Fixable = Finding & { fix: Fix };

/**
 * The lints that decide which of one file's fixes would add an error to `before` (that file's
 * findings): yields sets of fixes to lint the file with, applied together, and is sent each
 * one's findings of that file; returns the fixes withheld. All fixes together first — usually the
 * only lint; a set that adds an error is halved until the fixes that add one are found. A fix
 * overlapping another (not applicable in the same pass) is tried on its own. The one check of
 * `lint`'s reports (src/fix-check-set.ts), `lint --fix` and the language server's quick fixes.
 */
export function* fileFixTrials(before: readonly Finding[], offered: readonly Fixable[], text: string): Generator<readonly Fix[], WithheldFix[], readonly Finding[]> {
  const { kept: fixable, withheld } = withoutEmptyingFixes(offered);
  const { taken } = takeFixes(
    text,
    fixable.map((f) => f.fix),
  );
  const budget = { left: MAX_TRIALS };
  const together = new Set(taken);
  for (const group of [fixable.filter((f) => together.has(f.fix)), ...fixable.filter((f) => !together.has(f.fix)).map((f) => [f])]) {
    if (group.length === 0) continue;
    if (budget.left-- <= 0) {
      withheld.push(...unchecked(group, group[0]!.ruleId));
      continue;
    }
    const added = addedError(before, yield group.map((f) => f.fix));
    if (added) withheld.push(...(yield* adding(before, group, added.ruleId, budget)));
  }
  return withheld;
}

/** The fixes of `group` withheld unchecked, for an error of `ruleId` (by default each its own rule's). */
export const unchecked = (group: readonly Fixable[], ruleId?: string): WithheldFix[] => group.map((finding) => ({ finding, ruleId: ruleId ?? finding.ruleId, unchecked: true }));

/**
 * The fixes of `group` (none overlapping; together they add an error of `ruleId`) that add an
 * error. Halved: the later half is linted first (a fix adds an error to a statement after its own,
 * so culprits sit early more often), and when it adds none the earlier half is taken to add the
 * error without a lint of its own — a fix that adds one only with others may be withheld, never
 * one that adds one kept.
 */
function* adding(before: readonly Finding[], group: readonly Fixable[], ruleId: string, budget: { left: number }): Generator<readonly Fix[], WithheldFix[], readonly Finding[]> {
  if (group.length === 1) return [{ finding: group[0], ruleId }];
  if (budget.left-- <= 0) return unchecked(group, ruleId);
  const half = Math.floor(group.length / 2);
  const [earlier, later] = [group.slice(0, half), group.slice(half)];
  const inLater = addedError(before, yield later.map((f) => f.fix));
  if (!inLater) return yield* adding(before, earlier, ruleId, budget);
  const withheld = yield* adding(before, later, inLater.ruleId, budget);
  if (budget.left-- <= 0) return [...unchecked(earlier, ruleId), ...withheld];
  const inEarlier = addedError(before, yield earlier.map((f) => f.fix));
  return inEarlier ? [...(yield* adding(before, earlier, inEarlier.ruleId, budget)), ...withheld] : withheld;
}

/** Runs fileFixTrials with a synchronous lint of the file with the fixes applied. */
export function runTrialsSync(trials: Generator<readonly Fix[], WithheldFix[], readonly Finding[]>, lintWith: (fixes: readonly Fix[]) => readonly Finding[]): WithheldFix[] {
  let step = trials.next();
  while (!step.done) step = trials.next(lintWith(step.value));
  return step.value;
}

/** Runs fileFixTrials with an asynchronous lint. */
export async function runTrials(trials: Generator<readonly Fix[], WithheldFix[], readonly Finding[]>, lintWith: (fixes: readonly Fix[]) => Promise<readonly Finding[]>): Promise<WithheldFix[]> {
  let step = trials.next();
  while (!step.done) step = trials.next(await lintWith(step.value));
  return step.value;
}

/** The line `lint` prints for a withheld fix. */
export function withheldNotice(w: WithheldFix, shown: (file: string) => string): string {
  const why = w.emptiesStatement ? 'would make the statement do nothing' : w.breaksLater ? `would break ${shown(w.breaksLater.file)}: ${w.breaksLater.reason}` : w.unchecked ? `not checked (its file's fixes needed more than ${MAX_TRIALS} lints to check)` : `would add error ${w.ruleId}`;
  return `fix withheld: ${shown(w.finding.file)}:${w.finding.start.line}:${w.finding.start.column} ${w.finding.ruleId} "${w.finding.fix.title}" ${why}`;
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
 * together add one has them tried with lints of that file (`lintFile`, fileFixTrials).
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
    const applied = new Set(taken);
    alone.push(...group.filter((f) => !applied.has(f.fix)));
  }
  const result = await lint.texts(together);
  const addsError = addedError(findings, result.findings) !== undefined;
  const beforeByFile = groupBy(findings, (f) => f.file);
  if (addsError) {
    for (const [file, found] of groupBy(result.findings, (f) => f.file)) {
      if (!addedError(beforeByFile.get(file) ?? [], found)) continue;
      const already = new Set(alone);
      alone.push(...(byFile.get(file) ?? []).filter((f) => !already.has(f)));
    }
  }

  const withheld: WithheldFix[] = [];
  for (const [file, group] of groupBy(alone, (f) => f.file)) {
    const text = texts.get(file)!;
    const trials = fileFixTrials(beforeByFile.get(file) ?? [], group, text);
    withheld.push(...(await runTrials(trials, (fixes) => lint.file(file, applyFixes(text, fixes).text))));
  }
  return { withheld, together: { texts: together, result, addsError } };
}
