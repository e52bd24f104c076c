// How many threads a lint run gets, measured on 2 cores (README, "Worker threads"). One thread
// already keeps about 1.5 cores busy (V8 collects garbage and compiles on helper threads), and a
// worker costs CPU of its own: a thread start, module load and parser compile, a cold JIT
// (together ~0.3 s on the corpus). So workers do not shorten a run of the corpus' size there;
// what they change is memory at scale, which is what auto uses them for.
import { availableParallelism } from 'node:os';
import type { WorkUnit } from './partition.js';

/** `--jobs`: a thread count (1 = this thread only) or 'auto'. */
export type Jobs = number | 'auto';

export interface ThreadPlan {
  workers: number;
  /** This thread takes units from the queue too. */
  mainThread: boolean;
}

/**
 * From this many characters of SQL, auto moves the analysis to worker threads and this thread
 * leaves it to them. This thread's heap holds every file and finding; V8 grows a heap in
 * proportion to what it holds, so the ASTs' garbage costs far more memory here than in a worker
 * (25× replica of the corpus, 49 M characters: 1,465 MB peak RSS on one thread, 836 MB with two
 * workers, in about the same time). Below, this thread analyses too when --jobs asks for more
 * threads: it has the parser loaded and its JIT warm.
 */
export const LARGE_RUN_CHARS = 8_000_000;
/** Auto never starts more workers than this, whatever the machine has. */
export const MAX_AUTO_THREADS = 8;

/** The plan for the units to analyse, or undefined for this thread alone. */
export function threadPlan(units: readonly WorkUnit[], jobs: Jobs, cores: number = availableParallelism()): ThreadPlan | undefined {
  // A migrations directory is the smallest unit of work: one directory is one thread's.
  if (jobs === 1 || units.length <= 1) return undefined;
  const large = units.reduce((sum, unit) => sum + unit.size, 0) >= LARGE_RUN_CHARS;
  if (jobs === 'auto' && !large) return undefined;
  const threads = Math.min(jobs === 'auto' ? Math.min(cores, MAX_AUTO_THREADS) : jobs, units.length);
  return large ? { workers: threads, mainThread: false } : { workers: threads - 1, mainThread: true };
}
