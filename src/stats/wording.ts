// Rows, bytes and durations the way messages say them: "~12.3M rows", "4.1 GB", "~40 s–2 min".
import type { TableRisk } from './risk.js';

export function rowsText(rows: number): string {
  if (rows < 1000) return String(rows);
  const [value, unit] = rows < 1e6 ? [rows / 1e3, 'k'] : rows < 1e9 ? [rows / 1e6, 'M'] : [rows / 1e9, 'G'];
  return `${Number(value.toPrecision(3))}${unit}`;
}

/**
 * As pg_size_pretty: 1 kB = 1024 bytes. Messages keep three significant digits ("1.23 MB");
 * report tables one decimal below 10 and none above ("1.2 MB", "123 MB") so columns stay narrow.
 */
export function bytesText(bytes: number, rounding: 'significant' | 'table' = 'significant'): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  if (i === 0) return `${bytes} bytes`;
  return `${rounding === 'table' ? value.toFixed(value < 10 ? 1 : 0) : Number(value.toPrecision(3))} ${units[i]}`;
}

/** Below this an estimate is "<0.1 s": the model has no finer resolution than a statement's own overhead. */
const RESOLUTION = 0.1;

export function secondsText(seconds: number): string {
  if (seconds < RESOLUTION) return `<${RESOLUTION} s`;
  if (seconds < 1) return `${Number(seconds.toPrecision(1))} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toPrecision(2))} h`;
}

/** "~40 s–2 min" */
export function rangeText(risk: Pick<TableRisk, 'estimate'>): string {
  const low = secondsText(risk.estimate.low);
  const high = secondsText(risk.estimate.high);
  if (risk.estimate.high < RESOLUTION) return high;
  return low === high ? `~${low}` : `~${low}–${high}`;
}

/** "orders: ~12.3M rows, 4.1 GB" */
export function sizeText(risk: TableRisk, label: string): string {
  return `${label}: ~${rowsText(risk.rows)} rows, ${bytesText(risk.totalBytes)}`;
}

/** "blocks writes for ~40 s–2 min (estimate)" */
export function durationText(risk: TableRisk): string {
  const range = rangeText(risk);
  if (risk.blocks === 'rows') return `holds the rows it updates (up to all of them) for ${range} (estimate)`;
  return `blocks ${risk.blocks} for ${range} (estimate)`;
}
