// Run units of work on worker threads (and, optionally, this thread too) from one queue.
// Workers pull: each holds IN_FLIGHT units so it never waits for this thread to send the next,
// even while this thread analyses a unit of its own. A failure anywhere ends the run with an
// error (never a hang); the workers are always terminated.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { EngineResult } from '../lint-run.js';
import { analyseUnit } from './analyse-unit.js';
import type { ThreadPlan } from './plan.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

const IN_FLIGHT = 2;

export type UnitTask = Omit<WorkerTask, 'id'>;

export interface PoolOptions extends ThreadPlan {
  /** The worker script (lint-worker.js, or a stand-in in tests). */
  workerScript: URL;
}

/** The result of every task, in task order. The parser must be loaded when mainThread is set. */
export async function runOnPool(tasks: readonly UnitTask[], options: PoolOptions): Promise<EngineResult[]> {
  if (options.workers === 0 && !options.mainThread) throw new Error('runOnPool: no thread to run on');
  const results: EngineResult[] = [];
  let next = 0;
  let remaining = tasks.length;
  let failure: Error | undefined;
  let wake = () => {};
  const settled = new Promise<void>((resolve) => (wake = resolve));
  const fail = (error: Error) => {
    failure ??= error;
    wake();
  };
  const complete = (id: number, result: EngineResult) => {
    results[id] = result;
    if (--remaining === 0) wake();
  };
  const take = (): number | undefined => (failure || next >= tasks.length ? undefined : next++);
  const send = (worker: Worker) => {
    const id = take();
    if (id !== undefined) worker.postMessage({ id, ...tasks[id] } satisfies WorkerTask);
  };

  const workers: Worker[] = [];
  try {
    if (remaining === 0) return [];
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(options.workerScript);
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) return fail(rebuilt(reply.error));
        complete(reply.id, reply.result);
        send(worker);
      });
      worker.on('error', (error) => fail(new Error(`lint worker failed: ${error.message}`, { cause: error })));
      worker.on('messageerror', (error) => fail(new Error(`lint worker sent an unreadable message: ${error.message}`)));
      // Workers wait for messages forever: any exit before terminate() is a failure.
      worker.on('exit', (code) => fail(new Error(`lint worker stopped unexpectedly (exit code ${code})`)));
      for (let k = 0; k < IN_FLIGHT; k++) send(worker);
    }
    if (options.mainThread) {
      for (let id = take(); id !== undefined; id = take()) {
        complete(id, analyseUnit(tasks[id]));
        await nextTurn(); // lets the workers' replies in, so they get their next units
      }
    }
    await settled;
    if (failure) throw failure;
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** An error thrown by the analysis in a worker, as if it had been thrown here. */
function rebuilt(error: { message: string; stack?: string }): Error {
  const rebuiltError = new Error(error.message);
  if (error.stack) rebuiltError.stack = error.stack;
  return rebuiltError;
}
