// threadPlan: when a run gets worker threads, and how many.
import { describe, expect, it } from 'vitest';
import { MAIN_THREAD_MAX_CHARS, PARALLEL_MIN_CHARS, threadPlan } from '../../src/parallel/plan.js';
import type { WorkUnit } from '../../src/parallel/partition.js';

const units = (count: number, total: number): WorkUnit[] =>
  Array.from({ length: count }, () => ({ set: { migrations: [], files: new Map(), usesDown: false, problems: [] }, size: total / count }));

describe('threadPlan', () => {
  it('auto stays on this thread for a small run, or one directory', () => {
    expect(threadPlan(units(50, PARALLEL_MIN_CHARS - 1), 'auto', 8)).toBeUndefined();
    expect(threadPlan(units(1, PARALLEL_MIN_CHARS * 10), 'auto', 8)).toBeUndefined();
    expect(threadPlan(units(50, PARALLEL_MIN_CHARS * 10), 'auto', 1)).toBeUndefined();
  });

  it('auto uses every core for a large run, this thread included, up to the cap and the directories', () => {
    expect(threadPlan(units(50, PARALLEL_MIN_CHARS), 'auto', 2)).toEqual({ workers: 1, mainThread: true });
    expect(threadPlan(units(50, PARALLEL_MIN_CHARS), 'auto', 64)).toEqual({ workers: 7, mainThread: true });
    expect(threadPlan(units(3, PARALLEL_MIN_CHARS), 'auto', 8)).toEqual({ workers: 2, mainThread: true });
  });

  it('a count is taken as given, except that threads never outnumber directories', () => {
    expect(threadPlan(units(5, 10), 1, 8)).toBeUndefined();
    expect(threadPlan(units(5, 10), 4, 2)).toEqual({ workers: 3, mainThread: true });
    expect(threadPlan(units(2, 10), 4, 8)).toEqual({ workers: 1, mainThread: true });
    expect(threadPlan([], 4, 8)).toBeUndefined();
  });

  it('leaves a large run to the workers alone', () => {
    expect(threadPlan(units(50, MAIN_THREAD_MAX_CHARS - 1), 'auto', 2)).toEqual({ workers: 1, mainThread: true });
    expect(threadPlan(units(50, MAIN_THREAD_MAX_CHARS), 'auto', 2)).toEqual({ workers: 2, mainThread: false });
    expect(threadPlan(units(50, MAIN_THREAD_MAX_CHARS), 3, 2)).toEqual({ workers: 3, mainThread: false });
  });
});
