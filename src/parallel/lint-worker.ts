// Worker thread entry (dist/src/parallel/lint-worker.js, or dist/bundle/lint-worker.js in the
// bundle): loads the parser once, then analyses the units the engine sends, one at a time.
import { parentPort } from 'node:worker_threads';
import { loadParser } from '../parse.js';
import { analyseUnit } from './analyse-unit.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('lint-worker runs as a worker thread');
const parserLoaded = loadParser();

port.on('message', (task: WorkerTask) => {
  void parserLoaded.then(() => {
    let reply: WorkerReply;
    try {
      reply = { id: task.id, result: analyseUnit(task) };
    } catch (error) {
      const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
      reply = { id: task.id, error: { message, ...(stack ? { stack } : {}) } };
    }
    port.postMessage(reply);
  });
});
