// `migrationlint trace` as a table: per statement the traced locks, rewrites, validations and
// time, next to the static lock table's claim; a differing row is marked and explained below.
import { ms } from './format-verify.js';
import { table } from './format-report.js';
import type { TraceResult } from './trace.js';
import { printable } from '../output-safe.js';
import { bytesText, rowsText } from '../stats/wording.js';

const MODE: Record<string, string> = { transaction: 'one transaction', wrapped: 'one transaction', none: 'statement by statement, no transaction', explicit: "the file's own BEGIN/COMMIT" };

function firstLine(text: string, width: number): string {
  const line = text.split(/\r?\n/)[0]!.trim();
  const more = line.length > width || text.includes('\n');
  return more ? `${line.slice(0, width - 1)}…` : line;
}

export function traceText(r: TraceResult): string {
  const lines = [
    `Trace of ${r.version} ${r.name} (${r.section}, ${r.file}) on ${r.database}`,
    `${MODE[r.transaction] ?? r.transaction}; after replaying ${r.replayed} migration${r.replayed === 1 ? '' : 's'} (${ms(r.replayMs)})`,
    '',
  ];
  const rows = r.statements.map((s) => [
    String(s.index + 1),
    String(s.line),
    firstLine(s.text, 44),
    s.error ? 'FAILED' : s.locks === undefined ? '(not observable)' : s.locks.length === 0 ? '-' : s.locks.map((l) => `${l.mode} on ${l.relation}${l.granted ? '' : ' (waited)'}`).join('; '),
    s.rewritten.join(', ') || '-',
    [...s.validated, ...s.indexesBuilt.map((i) => `index ${i}`)].join(', ') || '-',
    ms(s.durationMs),
    s.lockTable,
    s.error ? '' : s.differences.length > 0 ? 'DIFFERS' : s.observation === 'in-transaction' || s.observation === 'concurrent' ? 'ok' : 'ok (rewrites only)',
  ]);
  lines.push(...table(['#', 'LINE', 'STATEMENT', 'TRACED LOCKS (pre-existing relations)', 'REWRITTEN', 'VALIDATED / BUILT', 'TIME', 'LOCK TABLE', ''], rows));
  for (const s of r.statements) {
    if (s.error) lines.push('', `statement ${s.index + 1} (line ${s.line}) failed: ${s.error}`);
    for (const d of s.differences) lines.push(`  ${s.index + 1}: ${d}`);
    if (s.observation === 'not-observable' && !s.error) lines.push(`  ${s.index + 1}: cannot run in a transaction, and ${r.database.startsWith('PGlite') ? 'PGlite has a single session to watch it from' : 'it finished before it could be watched'}: locks not observed`);
  }
  const estimated = r.statements.filter((s) => s.estimate);
  if (estimated.length > 0) {
    lines.push('', 'Measured against the estimate (live sizes of the throwaway database after ANALYZE; model: docs/stats.md):');
    const rows = estimated.map((s) => {
      const e = s.estimate!;
      return [String(s.index + 1), e.operation, e.table, `~${rowsText(e.rows)}`, bytesText(e.totalBytes), ms(s.durationMs), `${ms(e.estimatedSeconds * 1000)} (${ms(e.low * 1000)}–${ms(e.high * 1000)})`, e.ratio.toFixed(2)];
    });
    lines.push(...table(['#', 'OPERATION', 'TABLE', 'ROWS', 'SIZE', 'MEASURED', 'ESTIMATED', 'RATIO'], rows));
  }
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}
