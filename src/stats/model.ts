// How long the blocking part of a statement takes on a table of a known size: per operation a
// throughput in rows and in heap bytes per second, measured by `npm run bench:estimates`
// (bench/lock-estimates.ts) on the real PostgreSQL here. Documented in docs/stats.md.

/** The work a statement does while it holds its lock, in the words `explain` and messages use. */
export type BlockingOperation = 'index build' | 'table rewrite' | 'check validation' | 'not null scan' | 'fk validation' | 'update';

export const BLOCKING_OPERATIONS: readonly BlockingOperation[] = ['index build', 'table rewrite', 'check validation', 'not null scan', 'fk validation', 'update'];

export interface Throughput {
  rowsPerSecond: number;
  /** Bytes of the table per second: heap bytes (pg_table_size); the whole relation for a rewrite. */
  bytesPerSecond: number;
}

export interface TableSize {
  rows: number;
  /** pg_table_size: heap, TOAST, free space and visibility maps. */
  heapBytes: number;
  /** pg_total_relation_size: the heap plus every index. */
  totalBytes: number;
}

export interface Estimate {
  seconds: number;
  /** The range messages give: [seconds / SPREAD, seconds × SPREAD]. */
  low: number;
  high: number;
}

/**
 * Measured by bench/lock-estimates.ts on 2026-12-06: PostgreSQL 15.18 (Debian), 2 cores shared
 * with other jobs (load average 4–10), fsync off, shared_buffers 32MB, maintenance_work_mem 64MB;
 * a table (id bigint primary key, ref bigint, n int, payload text(32), created timestamptz),
 * ~93 heap bytes a row. Throughput falls as the table outgrows memory (index build 1.09M rows/s
 * at 1M rows, 0.60M at 3M, 0.62M at 10M; UPDATE 130k, 70k, 64k): each factor is the geometric
 * mean of the 1M, 3M and 10M-row runs, so the estimate is within 2× at each of them.
 */
export const THROUGHPUT: Readonly<Record<BlockingOperation, Throughput>> = {
  'index build': { rowsPerSecond: 741_000, bytesPerSecond: 69_000_000 },
  'table rewrite': { rowsPerSecond: 356_000, bytesPerSecond: 41_200_000 },
  'check validation': { rowsPerSecond: 4_840_000, bytesPerSecond: 451_000_000 },
  'not null scan': { rowsPerSecond: 5_330_000, bytesPerSecond: 496_000_000 },
  'fk validation': { rowsPerSecond: 2_490_000, bytesPerSecond: 232_000_000 },
  update: { rowsPerSecond: 83_000, bytesPerSecond: 7_770_000 },
};

/** A factor of 2 either way: repeated runs on the loaded machine differed by up to that, and so do sizes 1M–10M from the mean. */
export const SPREAD = 2;

function bytesFor(operation: BlockingOperation, size: TableSize): number {
  return operation === 'table rewrite' ? size.totalBytes : size.heapBytes;
}

/**
 * The mean of the row-based and the byte-based estimate: rows count for the per-tuple work
 * (sorting, checking), bytes for the pages read and written (wide rows, TOAST).
 */
export function estimate(operation: BlockingOperation, size: TableSize, throughput: Readonly<Record<BlockingOperation, Throughput>> = THROUGHPUT): Estimate {
  const t = throughput[operation];
  const seconds = (size.rows / t.rowsPerSecond + bytesFor(operation, size) / t.bytesPerSecond) / 2;
  return { seconds, low: seconds / SPREAD, high: seconds * SPREAD };
}

/** Derives a throughput from one measured run. */
export function throughputOf(operation: BlockingOperation, size: TableSize, seconds: number): Throughput {
  return { rowsPerSecond: size.rows / seconds, bytesPerSecond: bytesFor(operation, size) / seconds };
}
