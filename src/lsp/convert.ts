// Findings → LSP diagnostics and code actions. LSP positions are 0-based with UTF-16
// characters, the same units findings carry.
import { callAt } from '../hosts/section.js';
import { isHostFile } from '../runners/extensions.js';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { LintResult } from '../lint.js';
import { ruleHelpUri } from '../reporters/sarif-rules.js';
import { LineIndex } from '../text.js';
import { REASON_PLACEHOLDER } from '../suppress.js';
import type { Finding, Span } from '../types.js';

export const SOURCE = 'migrationlint';

/** Built-in findings a suppression comment cannot (or should not) silence. */
const NOT_SUPPRESSIBLE = new Set(['syntax-error', 'unused-suppression', 'unknown-rule', 'suppression-missing-reason']);

function range(lines: LineIndex, span: Span): Range {
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  return { start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } };
}

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: { start: { line: f.start.line - 1, character: f.start.column - 1 }, end: { line: f.end.line - 1, character: f.end.column - 1 } },
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: f.ruleId,
    codeDescription: { href: ruleHelpUri(f.ruleId) },
    source: SOURCE,
    message: f.help ? `${f.message}\n${f.help}` : f.message,
  };
}

/** The span of the top-level statement that holds a finding, from the lint result. */
function statementOf(result: LintResult, f: Finding): Span | undefined {
  for (const m of result.migrations) {
    for (const section of [m.up, m.down]) {
      if (!section || section.parsed.source.file !== f.file) continue;
      const s = section.statements.find((st) => st.span.start <= f.span.start && f.span.start < Math.max(st.span.end, st.span.start + 1));
      if (s) return s.span;
    }
  }
  return undefined;
}

/**
 * A `-- migrationlint-ignore` line right above the statement. A statement that shares its line
 * with an earlier one is moved to a line of its own, since a comment applies to the statement
 * ending on its line or else to the next one.
 */
function ignoreEdit(text: string, lines: LineIndex, statement: Span, ruleId: string, marker = '--'): TextEdit {
  const { line } = lines.position(statement.start);
  const lineStart = lines.lineStart(line);
  const before = text.slice(lineStart, statement.start);
  const comment = `${marker} migrationlint-ignore ${ruleId} -- ${REASON_PLACEHOLDER}`;
  const indent = /^\s*/.exec(before)?.[0] ?? '';
  // A host-language comment goes above the line of the call (`await queryRunner.query(…)`).
  if (/^\s*$/.test(before) || marker !== '--') {
    const at = { line: line - 1, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${comment}\n` };
  }
  const gap = /\s*$/.exec(before)?.[0] ?? '';
  const r = range(lines, { start: statement.start - gap.length, end: statement.start });
  return { range: r, newText: `\n${indent}${comment}\n${indent}` };
}

function fileIgnoreEdit(ruleId: string, marker = '--'): TextEdit {
  const at = { line: 0, character: 0 };
  return { range: { start: at, end: at }, newText: `${marker} migrationlint-ignore-file ${ruleId} -- ${REASON_PLACEHOLDER}\n` };
}

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) || b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

/**
 * The client named this finding's diagnostic in the request's `context.diagnostics`. Lines, not
 * characters: Neovim 0.7 sends back its own byte columns instead of the UTF-16 ones it got.
 */
const named = (d: Diagnostic, given: readonly Diagnostic[]) =>
  given.some((g) => g.code === d.code && g.message === d.message && g.range.start.line === d.range.start.line && g.range.end.line === d.range.end.line);

/**
 * Quick fixes for the findings of `file` under `at` or named in `given` (clients such as Neovim
 * send the cursor position and the line's diagnostics): each available fix, and "ignore RULE".
 */
export function codeActions(uri: string, text: string, result: LintResult, file: string, at: Range, given: readonly Diagnostic[] = []): { fixes: CodeAction[]; ignores: CodeAction[] } {
  const lines = new LineIndex(text);
  const fixes: CodeAction[] = [];
  const ignores: CodeAction[] = [];
  const seenIgnore = new Set<string>();
  for (const f of result.findings) {
    if (f.file !== file || f.suppressed) continue;
    const diagnostic = toDiagnostic(f);
    if (!overlaps(diagnostic.range, at) && !named(diagnostic, given)) continue;
    if (f.fix) {
      const edits = f.fix.edits.map((e) => ({ range: range(lines, e), newText: e.text }));
      fixes.push({ title: `${f.fix.title} (${f.ruleId})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: edits } } });
    }
    if (NOT_SUPPRESSIBLE.has(f.ruleId)) continue;
    // In an ORM migration the comment is the host language's, on the line before the call.
    const host = isHostFile(file) ? { marker: /\.py$/i.test(file) ? '#' : '//', call: callAt(result.set.migrations, file, f.span.start) } : undefined;
    const statement = host ? host.call : f.statement >= 0 ? statementOf(result, f) : undefined;
    const edit = statement ? ignoreEdit(text, lines, statement, f.ruleId, host?.marker) : fileIgnoreEdit(f.ruleId, host?.marker);
    const key = `${f.ruleId}\0${edit.range.start.line}:${edit.range.start.character}`;
    if (seenIgnore.has(key)) continue;
    seenIgnore.add(key);
    const title = statement ? `Ignore ${f.ruleId} for this statement` : `Ignore ${f.ruleId} for this file`;
    ignores.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [edit] } } });
  }
  return { fixes, ignores };
}
