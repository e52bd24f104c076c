// The `lint` command's engine: what a report needs (findings and file texts), not the analyses
// the apply engine and verify keep. The result cache and the worker threads plug in here.
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

export async function lintReport(opts: LintReportOptions): Promise<LintReport> {
  const [set] = await Promise.all([discoverSet(opts), loadParser()]);
  const { findings, errorCount, warningCount } = analyseSet(set, opts.config, opts.report ? { report: opts.report } : {});
  return { set, findings, errorCount, warningCount };
}
