// threadPlan: when a run gets worker threads, how many, and whether this thread analyses too.
import { describe, expect, it } from 'vitest';
import { LARGE_RUN_CHARS, threadPlan } from '../../src/parallel/plan.js';
import type { WorkUnit } from '../../src/parallel/partition.js';

const units = (count: number, total: number): WorkUnit[] =>
  Array.from({ length: count }, () => ({ set: { migrations: [], files: new Map(), usesDown: false, problems: [] }, size: total / count }));

describe('threadPlan', () => {
  it('auto stays on this thread below a large run, or for one directory', () => {
    expect(threadPlan(units(500, LARGE_RUN_CHARS - 1), 'auto', 8)).toBeUndefined();
    expect(threadPlan(units(1, LARGE_RUN_CHARS * 10), 'auto', 8)).toBeUndefined();
  });

  it('auto gives a large run one worker per core, up to the cap and the directories; this thread only waits', () => {
    expect(threadPlan(units(50, LARGE_RUN_CHARS), 'auto', 2)).toEqual({ workers: 2, mainThread: false });
    expect(threadPlan(units(50, LARGE_RUN_CHARS), 'auto', 64)).toEqual({ workers: 8, mainThread: false });
    expect(threadPlan(units(3, LARGE_RUN_CHARS), 'auto', 8)).toEqual({ workers: 3, mainThread: false });
    // Even one core: the worker keeps the ASTs' garbage out of this thread's heap.
    expect(threadPlan(units(50, LARGE_RUN_CHARS), 'auto', 1)).toEqual({ workers: 1, mainThread: false });
  });

  it('a count is the number of threads analysing, this thread included below a large run', () => {
    expect(threadPlan(units(5, 10), 1, 8)).toBeUndefined();
    expect(threadPlan(units(5, LARGE_RUN_CHARS), 1, 8)).toBeUndefined();
    expect(threadPlan(units(5, 10), 4, 2)).toEqual({ workers: 3, mainThread: true });
    expect(threadPlan(units(5, LARGE_RUN_CHARS), 4, 2)).toEqual({ workers: 4, mainThread: false });
  });

  it('never more threads than directories', () => {
    expect(threadPlan(units(2, 10), 4, 8)).toEqual({ workers: 1, mainThread: true });
    expect(threadPlan([], 4, 8)).toBeUndefined();
  });
});
