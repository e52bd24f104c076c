// A stats file for tests: tables of chosen sizes, as `migrationlint stats` writes them.
import type { StatsFile, TableStats } from '../../src/stats/file.js';

export function table(rows: number, totalBytes: number, extra: Partial<TableStats> = {}): TableStats {
  const indexBytes = Math.round(totalBytes / 5);
  return { kind: 'table', rows, heapBytes: totalBytes - indexBytes, indexBytes, totalBytes, indexes: {}, ...extra };
}

export function statsOf(tables: Record<string, TableStats>, major = 16): StatsFile {
  return {
    format: 1,
    server: { version: `${major}.4`, major },
    tables,
    activity: { collectedAt: '2026-12-06T15:00:00.000Z', basis: { sampleSeconds: 1 }, writesPerSecond: {} },
  };
}

const GB = 1024 ** 3;

/** orders: 50M rows, 12 GB (large); accounts: 2M rows, 300 MB (medium); countries: 250 rows, 48 kB (small). */
export const SHOP = statsOf({
  'public.orders': table(50_000_000, 12 * GB, { indexes: { 'public.orders_pkey': 1 * GB, 'public.orders_status_idx': 1 * GB } }),
  'public.accounts': table(2_000_000, 300 * 1024 ** 2),
  'public.countries': table(250, 48 * 1024),
});
