// `migrationlint diff` output: readable text, or JSON.
import { describeDiff, diffSize } from './compare.js';
import type { DiffResult } from './diff.js';
import { printable, printableJson } from '../output-safe.js';

export function diffText(r: DiffResult): string {
  const lines = [`--- ${r.from.point}  (${r.from.database})`, `+++ ${r.to.point}  (${r.to.database})`];
  const n = diffSize(r.diff);
  if (n === 0) lines.push('No difference: both schemas are the same.');
  else lines.push(...describeDiff(r.diff), '', `${n} difference${n === 1 ? '' : 's'}: + only in ${r.to.point}, - only in ${r.from.point}, ~ changed.`);
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}

export function diffJson(r: DiffResult): string {
  return `${printableJson(JSON.stringify({ from: r.from, to: r.to, ...r.diff }, null, 2))}\n`;
}
