// Findings in a compact form for the run snapshot: a run over thousands of files repeats the same
// messages and help texts thousands of times, so strings are kept once in a table and a finding
// is a row of numbers (its rarer fields, such as a fix, follow as one object).
import type { Finding, Severity } from '../types.js';

type Row = [file: number, ruleId: number, severity: 0 | 1, message: number, help: number, spanStart: number, spanEnd: number, startLine: number, startColumn: number, endLine: number, endColumn: number, statement: number, rest?: Partial<Finding>];

export interface EncodedFindings {
  strings: string[];
  rows: Row[];
}

export function encodeFindings(findings: readonly Finding[], files: readonly string[]): EncodedFindings {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) ids.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const fileIds = new Map(files.map((f, i) => [f, i]));
  const rows = findings.map((f): Row => {
    const { file, ruleId, severity, message, help, span, start, end, statement, ...rest } = f;
    const fileId = fileIds.get(file);
    if (fileId === undefined) throw new Error(`finding in ${file}, which is not among the report's files`);
    const row: Row = [fileId, id(ruleId), severity === 'error' ? 1 : 0, id(message), help === undefined ? -1 : id(help), span.start, span.end, start.line, start.column, end.line, end.column, statement];
    if (Object.keys(rest).length > 0) row.push(rest);
    return row;
  });
  return { strings, rows };
}

const SEVERITIES: Severity[] = ['warning', 'error'];

export function decodeFindings({ strings, rows }: EncodedFindings, files: readonly string[]): Finding[] {
  return rows.map(([file, ruleId, severity, message, help, spanStart, spanEnd, startLine, startColumn, endLine, endColumn, statement, rest]) => ({
    file: files[file],
    ruleId: strings[ruleId],
    severity: SEVERITIES[severity],
    message: strings[message],
    ...(help >= 0 ? { help: strings[help] } : {}),
    span: { start: spanStart, end: spanEnd },
    start: { line: startLine, column: startColumn },
    end: { line: endLine, column: endColumn },
    statement,
    ...rest,
  }));
}
