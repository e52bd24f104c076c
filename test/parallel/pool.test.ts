// runOnPool with stand-in workers: every unit runs once, and a worker that fails in any way
// ends the run with a clear error instead of a hang.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { runOnPool, type UnitTask } from '../../src/parallel/pool.js';
import { loadParser } from '../../src/parse.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const config = resolveConfig({}, undefined, '/');

function tasks(count: number, filesEach: number): UnitTask[] {
  return Array.from({ length: count }, (_, t) => {
    const paths = Array.from({ length: filesEach }, (_, f) => `/unit${t}/file${f}.sql`);
    return { set: { migrations: [], files: new Map(paths.map((path) => [path, { path, relPath: path, text: '' }])), usesDown: false, problems: [] }, config };
  });
}

describe('runOnPool', () => {
  it('runs every unit exactly once across the workers', async () => {
    const results = await runOnPool(tasks(25, 3), { workers: 3, mainThread: false, workerScript: fixture('replies-file-count.mjs') });
    const files = results.flatMap((r) => r.findings.map((f) => f.file)).sort();
    expect(files).toHaveLength(75);
    expect(new Set(files).size).toBe(75);
  });

  it('returns nothing for no units, starting no worker', async () => {
    expect(await runOnPool([], { workers: 2, mainThread: false, workerScript: fixture('throws-on-load.mjs') })).toEqual([]);
  });

  it('fails with the message of a worker that throws while loading', async () => {
    await expect(runOnPool(tasks(4, 1), { workers: 2, mainThread: false, workerScript: fixture('throws-on-load.mjs') })).rejects.toThrow(
      'lint worker failed: worker broke while loading',
    );
  });

  it('fails when a worker exits in the middle of the run', async () => {
    await expect(runOnPool(tasks(4, 1), { workers: 1, mainThread: false, workerScript: fixture('exits.mjs') })).rejects.toThrow(
      'lint worker stopped unexpectedly (exit code 3)',
    );
  });

  it('rethrows an error of the analysis in a worker with its message and stack', async () => {
    const failure = await runOnPool(tasks(4, 1), { workers: 2, mainThread: false, workerScript: fixture('replies-error.mjs') }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('analysis failed on purpose');
    expect((failure as Error).stack).toContain('at fixture');
  });

  it('stops when a worker fails while this thread works too', async () => {
    await loadParser();
    await expect(runOnPool(tasks(40, 1), { workers: 1, mainThread: true, workerScript: fixture('exits.mjs') })).rejects.toThrow('exit code 3');
  });
});
