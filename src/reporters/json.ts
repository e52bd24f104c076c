// ESLint-compatible JSON: one entry per file with messages, suppressedMessages and counts.
import type { Finding, FindingTable } from '../types.js';
import type { Reporter, ReporterOptions, ReportInput } from './types.js';
import { applyFixes } from '../fix.js';
import { groupBy } from '../group.js';
import { printableJson } from '../output-safe.js';
import { fileCoverageJson } from '../hosts/coverage.js';

interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  help?: string;
  /** With a stats file (docs/stats.md). */
  table?: FindingTable;
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
  if (f.table) message.table = f.table;
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

/** Entries stringified together: JSON.stringify of an array indents them as the report does. */
const BATCH_ENTRIES = 256;

/**
 * The report in pieces of a few hundred entries: a run over a hundred thousand files never holds
 * the whole text (a 180 M-character string there) nor every file's entry object at once. The
 * pieces join to exactly `JSON.stringify(entries, null, 2)`.
 */
export function* jsonChunks(result: ReportInput, options: ReporterOptions): Generator<string> {
  const byFile = groupBy(result.findings, (f) => f.file, new Map([...result.files.keys()].map((file) => [file, []])));
  if (byFile.size === 0) {
    yield '[]\n';
    return;
  }
  let batch: ReturnType<typeof fileEntry>[] = [];
  let first = true;
  const flush = () => {
    // "[\n  {…},\n  {…}\n]": the entries between the brackets, already at the report's indentation.
    const entries = printableJson(JSON.stringify(batch, null, 2)).slice(1, -2);
    const piece = first ? `[${entries}` : `,${entries}`;
    batch = [];
    first = false;
    return piece;
  };
  for (const [filePath, findings] of byFile) {
    batch.push(fileEntry(filePath, findings, result, options));
    if (batch.length === BATCH_ENTRIES) yield flush();
  }
  yield `${batch.length > 0 ? flush() : ''}\n]\n`;
}

function fileEntry(filePath: string, findings: readonly Finding[], result: ReportInput, options: ReporterOptions) {
  const text = result.files.get(filePath)?.text;
  const shown = findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const errors = shown.filter((f) => f.severity === 'error');
  // An ORM migration file: how many of its SQL operations were read and linted, and where the others are.
  const coverage = result.coverage ? fileCoverageJson(result.coverage, filePath) : undefined;
  return {
    filePath,
    messages: shown.map((f) => toMessage(f, text)),
    suppressedMessages: findings.filter((f) => f.suppressed).map((f) => toMessage(f, text)),
    errorCount: errors.length,
    warningCount: shown.length - errors.length,
    fixableErrorCount: errors.filter((f) => f.fix).length,
    fixableWarningCount: shown.filter((f) => f.severity === 'warning' && f.fix).length,
    ...(coverage ? { coverage } : {}),
  };
}

export const json: Reporter = (result, options) => [...jsonChunks(result, options)].join('');
