// `explain`'s table for people: one block per migration section, one row per lock.
import { Chalk } from 'chalk';
import type { ExplainedLock, ExplainedSection } from './cli-explain.js';
import { printable } from './output-safe.js';
import { bytesText, rangeText, rowsText } from './stats/wording.js';
import type { TransactionMode } from './types.js';

const STATEMENT_WIDTH = 44;

const TRANSACTION: Record<TransactionMode, string> = {
  wrapped: 'runs in one transaction',
  explicit: 'explicit BEGIN/COMMIT',
  none: 'no transaction: each statement commits on its own',
};

const HEADER = ['line', 'statement', 'lock', 'on', 'rewrite', 'scan', 'blocks', 'tx', 'findings'] as const;
/** With a stats file: the costliest blocked table's figures, after `blocks`. */
const SIZE_HEADER = ['rows', 'size', 'estimate'] as const;

function clip(text: string, width: number): string {
  const flat = printable(text.replace(/\s+/g, ' ').trim());
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function rewriteText(rewrite: ExplainedLock['rewrite']): string {
  if (rewrite === true) return 'yes';
  if (rewrite === false) return 'no';
  return rewrite.replace(/-/g, ' ');
}

function blocksText(lock: ExplainedLock): string {
  return lock.blocksReads && lock.blocksWrites ? 'reads, writes' : lock.blocksReads ? 'reads' : lock.blocksWrites ? 'writes' : '-';
}

export function renderExplainTable(sections: readonly ExplainedSection[], color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  for (const section of sections) {
    out.push(`${c.underline(printable(section.relPath))} ${c.dim(`${printable(section.migration)} · ${section.section} · ${TRANSACTION[section.transaction]}`)}`);
    if (section.statements.length === 0) {
      out.push(c.dim('  (no statements)'), '');
      continue;
    }
    const sized = section.statements.some((s) => s.risks !== undefined);
    const header: readonly string[] = sized ? [...HEADER.slice(0, 7), ...SIZE_HEADER, ...HEADER.slice(7)] : HEADER;
    const rows: string[][] = [];
    const severities: Array<'error' | 'warning' | undefined> = [];
    for (const s of section.statements) {
      const findings = [...new Set(s.findings.map((f) => f.ruleId))].join(', ') || '-';
      const worst = s.findings.some((f) => f.severity === 'error') ? 'error' : s.findings.length > 0 ? 'warning' : undefined;
      const locks = s.locks.length > 0 ? s.locks : [undefined];
      locks.forEach((lock, i) => {
        const first = i === 0;
        const risk = first ? s.risks?.[0] : undefined;
        rows.push([
          first ? String(s.line) : '',
          first ? clip(s.text, STATEMENT_WIDTH) : '',
          lock?.mode ?? '-',
          lock ? printable(lock.relation) : '-',
          lock ? rewriteText(lock.rewrite) : '-',
          lock ? (lock.scan ? 'yes' : 'no') : '-',
          lock ? blocksText(lock) : '-',
          ...(sized ? (risk ? [`~${rowsText(risk.rows)}`, bytesText(risk.totalBytes), `${rangeText(risk)} ${risk.operation}`] : ['', '', '']) : []),
          first ? (s.inTransaction ? 'yes' : 'no') : '',
          first ? findings : '',
        ]);
        severities.push(first ? worst : undefined);
      });
    }
    const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
    const line = (cells: readonly string[]) => `  ${cells.map((cell, col) => (col === 0 ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ')}`.trimEnd();
    out.push(c.dim(line(header)));
    rows.forEach((row, i) => {
      const text = line(row);
      const severity = severities[i];
      out.push(severity === 'error' ? c.red(text) : severity === 'warning' ? c.yellow(text) : text);
    });
    out.push('');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : 'No migrations found.\n';
}
