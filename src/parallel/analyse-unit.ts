// One unit of work, on whichever thread runs it: its findings (the merge sorts and counts).
import { analyseSet } from '../lint.js';
import type { Finding } from '../types.js';
import type { WorkerTask } from './protocol.js';

/** The parser must be loaded. */
export function analyseUnit(task: Omit<WorkerTask, 'id'>): Finding[] {
  const { reported } = task;
  return analyseSet(task.set, task.config, { keepAnalyses: false, ...(reported ? { report: (file: string) => reported.has(file) } : {}) }).findings;
}
