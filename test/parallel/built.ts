// The lint worker as `npm run build` emits it (vitest runs the TypeScript sources, and a worker
// thread cannot load those): tests of the engine run their workers from dist/src.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const builtLintWorker = new URL('../../dist/src/parallel/lint-worker.js', import.meta.url);

export function requireBuiltWorker(): URL {
  if (!existsSync(fileURLToPath(builtLintWorker))) throw new Error(`${fileURLToPath(builtLintWorker)} is missing: run npm run build first`);
  return builtLintWorker;
}
