// `migrationlint report` as text: aligned tables, one section each.
import { ms } from './format-verify.js';
import type { LiveReport } from './report.js';
import { printable } from '../output-safe.js';
import { bytesText } from '../stats/wording.js';

const bytes = (n: number) => bytesText(n, 'table');

export function table(header: readonly string[], rawRows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  // Escaped before measuring, so a row with control characters stays aligned.
  const rows = rawRows.map((r) => r.map((cell) => printable(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

export function reportText(r: LiveReport): string {
  const lines: string[] = [`database: ${r.database}`];
  if (r.server) lines.push(`server: PostgreSQL ${r.server.version}, database ${r.server.database}, ${bytes(r.server.sizeBytes)}`);
  if (r.largestTables.length > 0) {
    lines.push('', 'Largest tables');
    lines.push(...table(['TABLE', 'TOTAL', 'DATA', 'INDEXES', 'ROWS (est.)'], r.largestTables.map((t) => [t.name, bytes(t.totalBytes), bytes(t.tableBytes), bytes(t.indexBytes), String(t.rowsEstimate)])));
  }
  if (r.largestIndexes.length > 0) {
    lines.push('', 'Largest indexes');
    lines.push(...table(['INDEX', 'TABLE', 'SIZE', ''], r.largestIndexes.map((i) => [i.name, i.table, bytes(i.bytes), i.valid ? '' : 'INVALID'])));
  }
  lines.push('', `Migration history (${r.historyTable})`);
  if (r.history.length === 0) lines.push('  (no migration recorded)');
  else {
    lines.push(
      ...table(
        ['VERSION', 'NAME', 'DIRECTION', 'STATUS', 'STARTED', 'DURATION', 'BY'],
        r.history.map((h) => [h.version, h.name, h.direction, h.status, h.startedAt, h.durationMs === null ? '' : ms(h.durationMs), h.appliedBy]),
      ),
    );
  }
  const list = (title: string, items: LiveReport['pending'], note: (m: LiveReport['pending'][number]) => string) => {
    lines.push('', `${title}: ${items.length}`);
    for (const m of items) lines.push(`  ${m.version} ${m.name}${note(m)}`);
  };
  list('Pending', r.pending, (m) => (m.outOfOrder ? ' (out of order)' : ''));
  list('Drifted', r.drifted, (m) => (m.drift === 'vanished' ? ': applied, file gone' : ': file changed since it was applied'));
  if (r.failed.length > 0) list('Failed', r.failed, (m) => (m.failure ? `: ${m.failure.direction} at statement ${m.failure.statement + 1}: ${m.failure.error}` : ''));
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}
