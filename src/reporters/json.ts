// ESLint-compatible JSON: one entry per file with messages, suppressedMessages and counts.
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { applyFixes } from '../fix.js';
import { groupBy } from '../group.js';

interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  help?: string;
  fix?: { range: [number, number]; text: string };
  suppressions?: Array<{ kind: 'directive'; justification: string }>;
}

function toMessage(f: Finding, text: string | undefined): JsonMessage {
  const message: JsonMessage = {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    line: f.start.line,
    column: f.start.column,
    endLine: f.end.line,
    endColumn: f.end.column,
  };
  if (f.help) message.help = f.help;
  // ESLint's fix is one range: several edits become the range spanning them all.
  if (f.fix && f.fix.edits.length > 0 && text !== undefined) {
    const start = Math.min(...f.fix.edits.map((e) => e.start));
    const end = Math.max(...f.fix.edits.map((e) => e.end));
    const edits = f.fix.edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    message.fix = { range: [start, end], text: applyFixes(text.slice(start, end), [{ title: '', edits }]).text };
  }
  if (f.suppressed) message.suppressions = [{ kind: 'directive', justification: f.suppressed.reason ?? '' }];
  return message;
}

export const json: Reporter = (result, options) => {
  const byFile = groupBy(result.findings, (f) => f.file, new Map([...result.files.keys()].map((file) => [file, []])));
  const entries = [...byFile].map(([filePath, findings]) => {
    const text = result.files.get(filePath)?.text;
    const shown = findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
    const errors = shown.filter((f) => f.severity === 'error');
    return {
      filePath,
      messages: shown.map((f) => toMessage(f, text)),
      suppressedMessages: findings.filter((f) => f.suppressed).map((f) => toMessage(f, text)),
      errorCount: errors.length,
      warningCount: shown.length - errors.length,
      fixableErrorCount: errors.filter((f) => f.fix).length,
      fixableWarningCount: shown.filter((f) => f.severity === 'warning' && f.fix).length,
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
};
