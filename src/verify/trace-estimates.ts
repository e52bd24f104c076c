// trace's check of the duration model: on the throwaway database, after the setup and the
// replayed migrations, the tables' live sizes (ANALYZE, then the `stats` reader) give each
// blocking statement an estimate; the traced duration divided by it is the ratio trace prints.
import type { ResolvedConfig } from '../config.js';
import type { Db } from '../apply/driver.js';
import { lint, type SectionAnalysis } from '../lint.js';
import { collectStats } from '../stats/collect.js';
import { blockingOperation, type TableRisk } from '../stats/risk.js';

export interface TracedEstimate {
  /** "schema.table" */
  table: string;
  operation: TableRisk['operation'];
  rows: number;
  totalBytes: number;
  estimatedSeconds: number;
  low: number;
  high: number;
  /** Traced duration / estimate: 1 is exact, 2 took twice as long as estimated. */
  ratio: number;
}

/** Below this many rows a statement's fixed cost (planning, catalog updates, commit) dominates: a ratio would say nothing. */
export const MIN_ESTIMATED_ROWS = 100_000;

/** Does any statement of the section hold a lock for work the model estimates? */
export function hasBlockingWork(section: SectionAnalysis): boolean {
  return section.statements.some((s) => s.locks.some((l) => blockingOperation(l) !== undefined));
}

/**
 * The risks of each statement of the traced section, by statement index, as lint computes them
 * with the throwaway database's live sizes in place of the stats file. `pick` finds the section
 * again in the relinted set.
 */
export async function liveRisks(db: Db, cwd: string, config: ResolvedConfig, pick: (migrations: Awaited<ReturnType<typeof lint>>['migrations']) => SectionAnalysis | undefined): Promise<Map<number, readonly TableRisk[]>> {
  // The throwaway database only: its planner statistics are refreshed so reltuples counts the setup's rows.
  await db.exec('ANALYZE');
  const tableStats = await collectStats(db, { sampleSeconds: 0 });
  if (!Object.values(tableStats.tables).some((t) => t.rows >= MIN_ESTIMATED_ROWS)) return new Map();
  const relinted = await lint({ cwd, config: { ...config, tableStats } });
  const section = pick(relinted.migrations);
  return new Map((section?.statements ?? []).map((s) => [s.index, s.risks ?? []]));
}

export function tracedEstimate(risk: TableRisk | undefined, durationMs: number): TracedEstimate | undefined {
  if (!risk || risk.rows < MIN_ESTIMATED_ROWS) return undefined;
  const { table, operation, rows, totalBytes, estimate } = risk;
  return { table, operation, rows, totalBytes, estimatedSeconds: estimate.seconds, low: estimate.low, high: estimate.high, ratio: durationMs / 1000 / estimate.seconds };
}
