// The `lint` command's engine: what a report needs (findings and file texts), not the analyses
// the apply engine and verify keep. The result cache and the worker threads plug in here.
import type { ResolvedConfig } from './config.js';
import type { LintOptions } from './lint.js';
import { analyseSet, discoverSet } from './lint.js';
import { loadParser } from './parse.js';
import type { Finding, MigrationSet } from './types.js';

export interface LintReport {
  set: MigrationSet;
  /** Every reported finding, sorted by file then position; suppressed ones included and marked. */
  findings: Finding[];
  errorCount: number;
  warningCount: number;
}

export type LintReportOptions = LintOptions;

/** Findings of a discovered set; `report` as in analyseSet (the other files are read for facts only). */
export type FindingsEngine = (set: MigrationSet, config: ResolvedConfig, report?: (file: string) => boolean) => Promise<Omit<LintReport, 'set'>>;

/** The engine on this thread. */
export const inProcessEngine: FindingsEngine = async (set, config, report) => {
  await loadParser();
  const { findings, errorCount, warningCount } = analyseSet(set, config, report ? { report } : {});
  return { findings, errorCount, warningCount };
};

export async function lintReport(opts: LintReportOptions): Promise<LintReport> {
  // The parser's WASM compiles while discovery reads the files.
  const [set] = await Promise.all([discoverSet(opts), loadParser()]);
  const engine = inProcessEngine;
  return { set, ...(await engine(set, opts.config, opts.report)) };
}
