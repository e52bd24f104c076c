// The `lint` command's engine: what a report needs (findings and file texts), not the analyses
// the apply engine and verify keep. The result cache and the worker threads plug in here.
import type { ResultCacheOptions } from './cache/engine.js';
import type { ResolvedConfig } from './config.js';
import type { LintOptions } from './lint.js';
import { analyseSet, discoverSet } from './lint.js';
import { loadParser } from './parse.js';
import { parallelEngine } from './parallel/engine.js';
import type { Jobs } from './parallel/plan.js';
import type { Finding, MigrationSet } from './types.js';

export interface LintReport {
  set: MigrationSet;
  /** Every reported finding, sorted by file then position; suppressed ones included and marked. */
  findings: Finding[];
  errorCount: number;
  warningCount: number;
}

export interface LintReportOptions extends LintOptions {
  /** `--cache`: findings of unchanged migrations come from the result cache. */
  cache?: ResultCacheOptions;
  /** `--jobs`: threads to analyse on; 'auto' (default) picks from the machine and the size of the work. */
  jobs?: Jobs;
}

/** Findings of a discovered set; `report` as in analyseSet (the other files are read for facts only). */
export type FindingsEngine = (set: MigrationSet, config: ResolvedConfig, report?: (file: string) => boolean) => Promise<Omit<LintReport, 'set'>>;

/** The engine on this thread. */
export const inProcessEngine: FindingsEngine = async (set, config, report) => {
  await loadParser();
  const { findings, errorCount, warningCount } = analyseSet(set, config, { keepAnalyses: false, ...(report ? { report } : {}) });
  return { findings, errorCount, warningCount };
};

export async function lintReport(opts: LintReportOptions): Promise<LintReport> {
  // The parser's WASM compiles while discovery reads the files.
  const [set] = await Promise.all([discoverSet(opts), loadParser()]);
  const analyse = parallelEngine({ jobs: opts.jobs ?? 'auto', singleThread: inProcessEngine });
  // Loaded for --cache only: it brings node:crypto, a few ms of every run's start-up.
  const engine = opts.cache ? (await import('./cache/engine.js')).withResultCache(analyse, opts.cache) : analyse;
  return { set, ...(await engine(set, opts.config, opts.report)) };
}
