// Worker thread entry (dist/bundle/parse-ahead-worker.js): parses the sections it is given, in
// order, at most AHEAD ahead of the analysing thread, skipping those that thread parsed itself.
import { parentPort, workerData } from 'node:worker_threads';
import { AHEAD, COUNTERS, POSTED, STATE, TAKEN, type ParseAheadInput, type ParseAheadReply } from './parse-ahead-protocol.js';
import { loadRawParser } from './raw-parser.js';

const { texts, counters, port } = workerData as ParseAheadInput;
const shared = new Int32Array(counters, 0, COUNTERS);

try {
  const parse = await loadRawParser();
  Atomics.store(shared, STATE, 1);
  parentPort?.postMessage(true);
  for (let index = Atomics.load(shared, TAKEN); index < texts.length; index = Math.max(index + 1, Atomics.load(shared, TAKEN))) {
    for (let taken = Atomics.load(shared, TAKEN); index - taken >= AHEAD; taken = Atomics.load(shared, TAKEN)) Atomics.wait(shared, TAKEN, taken);
    if (index < Atomics.load(shared, TAKEN)) continue;
    const text = texts[index] ?? '';
    if (text !== '') port.postMessage({ index, parse: parse(text) } satisfies ParseAheadReply);
    Atomics.store(shared, POSTED, index + 1);
    Atomics.notify(shared, POSTED);
  }
} catch {
  // The analysing thread parses what is left itself.
  Atomics.store(shared, STATE, -1);
  Atomics.notify(shared, POSTED);
  parentPort?.postMessage(false);
}
port.close();
