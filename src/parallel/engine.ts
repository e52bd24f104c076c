// The FindingsEngine on several threads: the set split by migrations directory, the units run
// on a pool, the findings merged and sorted as analyseSet sorts them (the same report, byte
// for byte). Small runs go to the single-thread engine.
import { compareFindings } from '../lint.js';
import type { FindingsEngine } from '../lint-run.js';
import { partitionByDirectory, type WorkUnit } from './partition.js';
import { threadPlan, type Jobs } from './plan.js';
import type { UnitTask } from './pool.js';
import type { MigrationIndexes } from '../later-indexes.js';
import type { MigrationSet } from '../types.js';

/** Next to this module in both builds: dist/src/parallel/ (tsc) and dist/bundle/ (esbuild entry `lint-worker`). */
export const LINT_WORKER = new URL('./lint-worker.js', import.meta.url);

export interface ParallelOptions {
  jobs: Jobs;
  /** The engine for runs planned on this thread alone. */
  singleThread: FindingsEngine;
  workerScript?: URL;
}

export function parallelEngine({ jobs, singleThread, workerScript = LINT_WORKER }: ParallelOptions): FindingsEngine {
  // The kept catalogs (`facts`) serve a run on this thread only: the threads replay their directories.
  return async (set, config, report, checkFixes, facts) => {
    const units = partitionByDirectory(set)
      .map((unit) => ({ unit, reported: report ? reportedFiles(unit, report) : undefined }))
      // A unit without a reported file has no finding to give.
      .filter(({ reported }) => reported === undefined || reported.size > 0);
    const plan = threadPlan(units.map(({ unit }) => unit), jobs);
    if (!plan) return singleThread(set, config, report, checkFixes, facts);
    const tasks = units.map(({ unit, reported }): UnitTask => ({ set: unit.set, config, ...(reported ? { reported } : {}), ...(checkFixes ? { checkFixes } : {}) }));
    // Loaded for a parallel run only: node:worker_threads is start-up time a small run does not need.
    const { runOnPool } = await import('./pool.js');
    const results = await runOnPool(tasks, { ...plan, workerScript });
    const findings = results.flatMap((r) => r.findings).sort(compareFindings);
    return { findings, indexesCreated: inSetOrder(set, results.flatMap((r) => r.indexesCreated)) };
  };
}

/** The `report` filter as data (a function cannot cross threads): the unit's files it accepts. */
function reportedFiles(unit: WorkUnit, report: (file: string) => boolean): Set<string> {
  const files = new Set<string>(unit.set.files.keys());
  for (const m of unit.set.migrations) for (const section of [m.up, m.down]) if (section) files.add(section.file);
  for (const problem of unit.set.problems) files.add(problem.file);
  return new Set([...files].filter(report));
}

/** The migrations' new indexes in the order of the set, as the single-thread engine gives them. */
function inSetOrder(set: MigrationSet, created: MigrationIndexes[]): MigrationIndexes[] {
  const position = new Map(set.migrations.map((m, i) => [`${m.up.offset}\0${m.up.file}`, i]));
  const at = (c: MigrationIndexes) => position.get(`${c.offset}\0${c.file}`) ?? -1;
  return created.sort((a, b) => at(a) - at(b));
}
