// The findings of a fresh `migrationlint lint` (a new process) of a copy of a project with some
// files' texts replaced: what the language server's diagnostics are compared with.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCli } from '../helpers/cli.js';

/** A diagnostic as [rule, line, column, endLine, endColumn, severity, message], as freshLint gives findings. */
export const simplify = (d: Diagnostic): unknown[] => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.severity === 1 ? 2 : 1, d.message];

/** The findings of every file (by its path under `root`) when `texts` (absolute paths under `root`) replace those files. */
export function freshLint(root: string, texts: ReadonlyMap<string, string> = new Map()): Map<string, unknown[]> {
  const copy = mkdtempSync(join(tmpdir(), 'mlint-lsp-cli-'));
  try {
    cpSync(root, copy, { recursive: true });
    for (const [path, text] of texts) writeFileSync(join(copy, relative(root, path)), text);
    const run = runCli(['lint', '-f', 'json'], { cwd: copy });
    const entries = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number; severity: number; message: string; help?: string }> }>;
    return new Map(entries.map((e) => [join(root, relative(copy, e.filePath)), e.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.severity, m.help ? `${m.message}\n${m.help}` : m.message])]));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
