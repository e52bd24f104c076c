// A quick fix is offered only when the text it leaves lints with no error the file did not have
// already: fileFixTrials, the check `lint --fix` and the reports use too, on the file's fixes
// together first. Verdicts are kept per lint result (a new one after any edit or disk change),
// since clients ask for code actions on every cursor move.
import { fileFixTrials, runTrials } from '../fix-check.js';
import { applyFixes } from '../fix.js';
import type { LintResult } from '../lint.js';
import type { Finding, Fix } from '../types.js';

export interface FixCheckInput {
  file: string;
  text: string;
  /** The lint of `text` the fixes come from. */
  result: LintResult;
  /** Lints `file` as if its text were the given one. */
  lintText: (text: string) => Promise<readonly Finding[]>;
}

export class FixCheck {
  private readonly checked = new WeakMap<LintResult, Promise<LintResult>>();

  /** The result with the fix taken off each finding of `file` whose fix would add an error. */
  safeFixes(input: FixCheckInput): Promise<LintResult> {
    let checked = this.checked.get(input.result);
    if (!checked) this.checked.set(input.result, (checked = withoutUnsafeFixes(input)));
    return checked;
  }
}

async function withoutUnsafeFixes({ file, text, result, lintText }: FixCheckInput): Promise<LintResult> {
  const own = result.findings.filter((f) => f.file === file);
  const fixable = own.filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && f.fix.edits.length > 0 && !f.suppressed);
  if (fixable.length === 0) return result;
  const withheld = await runTrials(fileFixTrials(own, fixable, text), async (fixes) => (await lintText(applyFixes(text, fixes).text)).filter((f) => f.file === file));
  if (withheld.length === 0) return result;
  const unsafe = new Set<Finding>(withheld.map((w) => w.finding));
  return { ...result, findings: result.findings.map((f) => (unsafe.has(f) ? { ...f, fix: undefined } : f)) };
}
