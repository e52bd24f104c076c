// The human summary of a verify run (the findings themselves go through the lint reporters).
import type { GroupResult, MigrationVerdict, VerifyResult } from './types.js';
import { printable } from '../output-safe.js';

export function ms(d: number): string {
  return d < 1000 ? `${Math.round(d)} ms` : `${(d / 1000).toFixed(d < 10_000 ? 2 : 1)} s`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function count(verdicts: readonly MigrationVerdict[], pick: (v: MigrationVerdict) => boolean): number {
  return verdicts.filter(pick).length;
}

function groupLine(g: GroupResult, verdicts: readonly MigrationVerdict[], pgVersion: number): string[] {
  const downs = verdicts.filter((v) => v.down !== 'none' && v.down !== 'skipped' && v.up === 'applied');
  const parts = [
    `${g.applied}/${g.total} up applied`,
    `${downs.length} down${downs.length === 1 ? '' : 's'} checked`,
  ];
  const mismatched = count(downs, (v) => v.down === 'mismatch' || v.down === 'failed');
  if (mismatched > 0) parts.push(`${mismatched} not restoring the schema`);
  const repeat = count(downs, (v) => v.repeat === 'failed' || v.repeat === 'differs');
  if (repeat > 0) parts.push(`${repeat} up${repeat === 1 ? '' : 's'} not repeatable`);
  const noDown = count(verdicts, (v) => v.down === 'none');
  if (noDown > 0) parts.push(`${noDown} without a down`);
  const lines = [`${g.directory}: ${plural(g.total, 'migration')} on ${g.database} (ready in ${ms(g.startMs)}), ${ms(g.durationMs)}: ${parts.join(', ')}`];
  const folded = verdicts.filter((v) => v.foldedTime).map((v) => `${v.foldedTime!.join(', ')} (${v.version})`);
  if (folded.length > 0) lines.push(`  view definitions compared modulo timestamps PostgreSQL folded from now()/'now' at creation: ${folded.join('; ')}`);
  if (g.stopped) lines.push(`  stopped at ${g.stopped.version}: ${g.stopped.reason}`);
  if (g.major > pgVersion) lines.push(`  the replay server is PostgreSQL ${g.major}, newer than pgVersion ${pgVersion}: it accepts syntax PostgreSQL ${pgVersion} rejects (kept as unsupported-syntax findings)`);
  return lines;
}

export function verifySummary(result: VerifyResult): string {
  const lines: string[] = [];
  let offset = 0;
  for (const g of result.groups) {
    lines.push(...groupLine(g, result.migrations.slice(offset, offset + g.total), result.pgVersion));
    offset += g.total;
  }
  if (result.groups.length === 0) lines.push('No migrations to verify.');
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}
