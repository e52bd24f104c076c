// The orm.execute child process: loads a set's migration modules with the project's own ORM and
// runs every up (in order), then every down (in reverse order, as a rollback runs them), with a
// recording driver. No connection is made, and the network is closed to the process. Results go
// to the parent file by file, so a kill on timeout keeps what finished.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installLoaders, projectRequire } from './child-load.js';
import type { ChildMessage, ChildTask, StackPosition } from './protocol.js';
import { RECORDERS } from './record/index.js';
import { isCatalogLookup } from './record/types.js';

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

function closeNetwork(): void {
  const refuse = () => {
    throw new Error('orm.execute: the network is closed to migrations run with a recording driver');
  };
  net.Socket.prototype.connect = refuse as never;
  net.connect = refuse as never;
  net.createConnection = refuse as never;
  tls.connect = refuse as never;
  dns.lookup = refuse as never;
}

/**
 * The outermost frame of the stack in the file (source-mapped for .ts): the call in up/down itself,
 * also when the query was sent from a helper function of the file it called.
 */
function frameIn(stack: string | undefined, file: string): StackPosition | undefined {
  let outermost: StackPosition | undefined;
  for (const line of (stack ?? '').split('\n')) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const where = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (where === file) outermost = { line: Number(m[2]), column: Number(m[3]) };
  }
  return outermost;
}

/** CommonJS (and .ts through the loaders) by require; an ES module by import(). */
async function load(file: string): Promise<unknown> {
  try {
    return createRequire(file)(file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
    return import(pathToFileURL(file).href);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);

async function main(task: ChildTask): Promise<void> {
  closeNetwork();
  Error.stackTraceLimit = 200;
  const recording = RECORDERS[task.runner];
  if (!recording) return send({ kind: 'unavailable', message: `no recording driver for ${task.runner}` });
  installLoaders(task.projectDir, (file) => readFileSync(file, 'utf8'));
  const recorder = await recording(projectRequire(task.projectDir));
  const loaded: { file: string; exports: unknown }[] = [];
  for (const file of task.files) {
    await send({ kind: 'start', file, direction: 'load' });
    try {
      loaded.push({ file, exports: await load(file) });
    } catch (error) {
      await send({ kind: 'failed', file, direction: 'load', message: `cannot be loaded: ${messageOf(error)}`, ...at(error, file) });
    }
  }
  const runAll = async (direction: 'up' | 'down', order: typeof loaded) => {
    for (const { file, exports } of order) {
      await send({ kind: 'start', file, direction });
      recorder.take();
      try {
        if (!(await recorder.run(exports, direction))) continue;
        const queries = recorder.take().filter((q) => !isCatalogLookup(q.sql)).map((q) => ({ sql: q.sql, ...optional(frameIn(q.stack, file)) }));
        await send({ kind: 'recorded', file, direction, queries });
      } catch (error) {
        await send({ kind: 'failed', file, direction, message: `${direction} threw: ${messageOf(error)}`, ...at(error, file) });
      }
    }
  };
  await runAll('up', loaded);
  await runAll('down', [...loaded].reverse());
  await send({ kind: 'done' });
}

const optional = (position: StackPosition | undefined) => (position ? { at: position } : {});
const at = (error: unknown, file: string) => optional(frameIn(error instanceof Error ? error.stack : undefined, file));

process.once('message', (task: ChildTask) => {
  main(task).then(
    () => process.exit(0),
    async (error: unknown) => {
      await send({ kind: 'unavailable', message: messageOf(error) });
      process.exit(0);
    },
  );
});
