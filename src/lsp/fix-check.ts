// A quick fix is offered only when the text it leaves lints with no error the file did not have
// already (addedError, the check `lint --fix` and the reports use too). Verdicts are kept per lint
// result (a new one after any edit or disk change), since clients ask for code actions on every
// cursor move.
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { addedError } from '../fix-check.js';
import type { Finding } from '../types.js';

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
    const kept: CodeAction[] = [];
    for (const fix of fixes) {
      const edits = fix.edit?.changes?.[input.uri] ?? [];
      const key = JSON.stringify(edits);
      let safe = safeByEdits.get(key);
      if (safe === undefined) {
        const fixed = TextDocument.applyEdits(TextDocument.create(input.uri, 'sql', 0, input.text), edits);
        safe = addedError(input.result.findings, await input.lintText(fixed)) === undefined;
        safeByEdits.set(key, safe);
      }
      if (safe) kept.push(fix);
    }
    return kept;
  }
}
