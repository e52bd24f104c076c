// The `lint` command's engine: what a report needs (findings and file texts), not the analyses
// the apply engine and verify keep. The result cache and the worker threads plug in here.
import type { ResultCacheOptions } from './cache/engine.js';
import type { KeptSnapshot } from './cache/invocation.js';
import type { ResolvedConfig } from './config.js';
import type { FactsCheckpoints } from './facts-cache.js';
import type { LintOptions } from './lint.js';
import { analyseSet, discoverSet, findingCounts } from './lint.js';
import { loadParser } from './parse.js';
import { parallelEngine } from './parallel/engine.js';
import type { Jobs } from './parallel/plan.js';
import type { Finding, MigrationSet } from './types.js';
import { withdrawIndexedLater, type MigrationIndexes } from './later-indexes.js';
import { markTypeFixesBrokenLater } from './fixes/later-type-fix.js';

export interface LintReport {
  set: MigrationSet;
  /** Every reported finding, sorted by file then position; suppressed ones included and marked. */
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  /** With --cache, for a report the cache can stand for: reporters' outputs of it, kept across runs. */
  outputs?: ReportOutputs;
  /** With --cache, nothing changed: the run snapshot this report was taken from. */
  snapshot?: KeptSnapshot;
}

/** A reporter's output depends on the report and its options only: `key` names the reporter and options. */
export interface ReportOutputs {
  /** The output a run with the same key rendered for this report, if kept. */
  get(key: string): string | undefined;
  /** Keeps an output for later runs (written with the cache). */
  keep(key: string, output: string): void;
}

export interface LintReportOptions extends LintOptions {
  /** `--cache`: findings of unchanged migrations come from the result cache. */
  cache?: ResultCacheOptions;
  /** `--jobs`: threads to analyse on; 'auto' (default) picks from the machine and the size of the work. */
  jobs?: Jobs;
  /** Offer only fixes that add no error to their file (analyseSet's `checkFixes`): for reports that carry fixes. */
  checkFixes?: boolean;
  /** The set already read with these options (zero-config discovery's read): not discovered again. */
  read?: MigrationSet;
  /** The discovery of these options, already started (while git answered: src/changed-since-prefetch.ts). */
  discovered?: Promise<MigrationSet>;
}

/**
 * Findings of a discovered set; `report` as in analyseSet (the other files are read for facts
 * only). The findings still hold those a later migration withdraws: engines merge (the cache,
 * the threads), then lintReport withdraws them once with every migration's new indexes.
 */
export type FindingsEngine = (set: MigrationSet, config: ResolvedConfig, report?: (file: string) => boolean, checkFixes?: boolean, facts?: FactsCheckpoints) => Promise<EngineResult>;

export interface EngineResult {
  findings: Finding[];
  indexesCreated: MigrationIndexes[];
}

/** The engine on this thread. */
export const inProcessEngine: FindingsEngine = async (set, config, report, checkFixes, facts) => {
  await loadParser();
  const { findings, indexesCreated } = analyseSet(set, config, { keepAnalyses: false, withdraw: false, checkFixes: checkFixes === true, ...(report ? { report } : {}), ...(facts ? { facts } : {}) });
  return { findings, indexesCreated };
};

export async function lintReport(opts: LintReportOptions): Promise<LintReport> {
  // Loaded for --cache only: it brings node:crypto, a few ms of every run's start-up.
  const snapshots = opts.cache ? await import('./cache/run-snapshot.js') : undefined;
  // Nothing changed since a run like this one: its report, without discovery or the parser.
  const replayed = snapshots?.replaySnapshot(opts);
  if (replayed) return replayed;
  const recorder = snapshots?.recordSnapshot(opts);
  try {
    // The parser's WASM compiles while discovery reads the files. With --cache, the set of an earlier run stands for the files that did not change.
    const discoverer = opts.cache ? (await import('./cache/set-snapshot.js')).discoverWithSnapshot : discoverSet;
    const [set] = await Promise.all([opts.read ?? opts.discovered ?? discoverer(opts), loadParser()]);
    const analyse = parallelEngine({ jobs: opts.jobs ?? 'auto', singleThread: inProcessEngine });
    const engine = opts.cache ? (await import('./cache/engine.js')).withResultCache(analyse, opts.cache) : analyse;
    const { findings, indexesCreated } = await engine(set, opts.config, opts.report, opts.checkFixes === true);
    const kept = withdrawIndexedLater(set.migrations, findings, indexesCreated);
    // The engines checked the fixes before the whole set was read: a fix a later migration breaks goes now.
    markTypeFixesBrokenLater(set.migrations, kept, indexesCreated);
    for (const f of kept) if (f.fix?.breaksLater) delete f.fix;
    const report = { set, findings: kept, ...findingCounts(kept) };
    return recorder ? recorder.save(report) : report;
  } finally {
    recorder?.stop();
  }
}
