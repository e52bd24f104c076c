// The stats file as lint asks it: a table's figures by the name a statement uses, and whether
// they make it small or large under the config's thresholds.
import type { StatsConfig } from '../config-schema.js';
import { DEFAULT_SCHEMA } from '../facts/schema/namespace.js';
import type { StatsFile, TableStats } from './file.js';

export type SizeClass = 'small' | 'medium' | 'large';

interface Limits {
  rows?: number;
  bytes?: number;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** 10737418240, "10GB", "500 MB" → bytes (1 kB = 1024 bytes, as pg_size_pretty counts). */
export function parseByteSize(size: number | string): number {
  if (typeof size === 'number') return size;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(size);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`not a size: ${size}`);
  return Math.round(Number(match[1]) * unit);
}

function limits(threshold: StatsConfig['smallTable']): Limits {
  return { ...(threshold.rows !== undefined ? { rows: threshold.rows } : {}), ...(threshold.bytes !== undefined ? { bytes: parseByteSize(threshold.bytes) } : {}) };
}

export class TableSizes {
  private readonly small: Limits;
  private readonly large: Limits;

  constructor(
    readonly stats: StatsFile,
    config: StatsConfig,
  ) {
    this.small = limits(config.smallTable);
    this.large = limits(config.largeTable);
  }

  /** The figures of `schema.name` (unqualified: public, the default search_path's first schema). */
  table(name: string, schema: string | undefined): { key: string; table: TableStats } | undefined {
    const key = `${schema ?? DEFAULT_SCHEMA}.${name}`;
    const table = Object.hasOwn(this.stats.tables, key) ? this.stats.tables[key] : undefined;
    return table ? { key, table } : undefined;
  }

  /** Small: under every limit smallTable gives. Large: over any limit largeTable gives. */
  classify(table: TableStats): SizeClass {
    const { small, large } = this;
    const under = (small.rows !== undefined || small.bytes !== undefined) && (small.rows === undefined || table.rows < small.rows) && (small.bytes === undefined || table.totalBytes < small.bytes);
    if (under) return 'small';
    const over = (large.rows !== undefined && table.rows >= large.rows) || (large.bytes !== undefined && table.totalBytes >= large.bytes);
    return over ? 'large' : 'medium';
  }
}
