// One unit of work, on whichever thread runs it: its findings (the merge sorts and counts) and
// its migrations' new indexes (lintReport withdraws findings with them after the merge).
import { analyseSet } from '../lint.js';
import type { EngineResult } from '../lint-run.js';
import type { WorkerTask } from './protocol.js';

/** The parser must be loaded. */
export function analyseUnit(task: Omit<WorkerTask, 'id'>): EngineResult {
  const { reported } = task;
  const { findings, indexesCreated } = analyseSet(task.set, task.config, { keepAnalyses: false, withdraw: false, checkFixes: task.checkFixes === true, ...(reported ? { report: (file: string) => reported.has(file) } : {}) });
  return { findings, indexesCreated };
}
