// How many threads a lint run gets. A worker costs a thread start, its own module load and
// parser compile, and a cold JIT (about 150 ms of CPU on the bundle, measured), so small
// runs stay on this thread.
import { availableParallelism } from 'node:os';
import type { WorkUnit } from './partition.js';

/** `--jobs`: a thread count (1 = this thread only) or 'auto'. */
export type Jobs = number | 'auto';

export interface ThreadPlan {
  workers: number;
  /** This thread takes units from the queue too. */
  mainThread: boolean;
}

/** Below this many characters of SQL to analyse, auto stays on one thread (measured: see README, "Parallel lint"). */
export const PARALLEL_MIN_CHARS = 400_000;
/** Auto never starts more threads than this, whatever the machine has. */
export const MAX_AUTO_THREADS = 8;
/**
 * Up to this many characters of SQL this thread analyses too: it has the parser loaded and its
 * JIT warm, which saves a worker's start (~0.2 s of CPU on the 2 MB corpus). Above, it leaves the
 * analysis to the workers: its heap holds every file and finding, and V8 grows a heap in
 * proportion to what it holds, so the ASTs' garbage would cost far more memory here than in a
 * worker (50× replica: 1,423 MB peak RSS with this thread analysing, 747 MB without).
 */
export const MAIN_THREAD_MAX_CHARS = 8_000_000;

/** The plan for the units to analyse, or undefined for this thread alone. */
export function threadPlan(units: readonly WorkUnit[], jobs: Jobs, cores: number = availableParallelism()): ThreadPlan | undefined {
  const size = units.reduce((sum, unit) => sum + unit.size, 0);
  const threads = jobs === 'auto' ? (size < PARALLEL_MIN_CHARS ? 1 : Math.min(cores, MAX_AUTO_THREADS)) : jobs;
  // More threads than units would idle: a migrations directory is the smallest unit of work.
  const used = Math.min(threads, units.length);
  if (used <= 1) return undefined;
  return size < MAIN_THREAD_MAX_CHARS ? { workers: used - 1, mainThread: true } : { workers: used, mainThread: false };
}
