// A quick fix is offered only when the text it leaves lints with no error the file did not have
// already: "Add CONCURRENTLY" next to another statement would trade the finding for
// mixed-transactional-statements. Verdicts are kept per lint result (a new one after any edit or
// disk change), since clients ask for code actions on every cursor move.
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../types.js';

/** Unsuppressed errors of a file, counted per rule id. */
function errorCounts(findings: readonly Finding[], file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    if (f.file === file && f.severity === 'error' && !f.suppressed) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  }
  return counts;
}

/** A rule with more errors after than before. */
function newError(before: Map<string, number>, after: Map<string, number>): string | undefined {
  for (const [ruleId, count] of after) if (count > (before.get(ruleId) ?? 0)) return ruleId;
  return undefined;
}

export interface FixCheckInput {
  uri: string;
  file: string;
  text: string;
  /** The lint of `text` the fixes come from. */
  result: { findings: readonly Finding[] };
  /** Lints `file` as if its text were the given one. */
  lintText: (text: string) => Promise<readonly Finding[]>;
}

export class FixCheck {
  private readonly verdicts = new WeakMap<object, Map<string, boolean>>();

  async safeFixes(fixes: readonly CodeAction[], input: FixCheckInput): Promise<CodeAction[]> {
    let safeByEdits = this.verdicts.get(input.result);
    if (!safeByEdits) this.verdicts.set(input.result, (safeByEdits = new Map()));
    const before = errorCounts(input.result.findings, input.file);
    const kept: CodeAction[] = [];
    for (const fix of fixes) {
      const edits = fix.edit?.changes?.[input.uri] ?? [];
      const key = JSON.stringify(edits);
      let safe = safeByEdits.get(key);
      if (safe === undefined) {
        const fixed = TextDocument.applyEdits(TextDocument.create(input.uri, 'sql', 0, input.text), edits);
        safe = newError(before, errorCounts(await input.lintText(fixed), input.file)) === undefined;
        safeByEdits.set(key, safe);
      }
      if (safe) kept.push(fix);
    }
    return kept;
  }
}
