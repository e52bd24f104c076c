// parallelEngine against the single-thread engine: the same findings and counts, with and
// without a report filter, on the fixture project and on the shared corpus.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type ResolvedConfig } from '../../src/config.js';
import { compareFindings, discoverSet } from '../../src/lint.js';
import { inProcessEngine, type FindingsEngine } from '../../src/lint-run.js';
import { parallelEngine } from '../../src/parallel/engine.js';
import { partitionByDirectory } from '../../src/parallel/partition.js';
import type { Jobs } from '../../src/parallel/plan.js';
import { runOnPool } from '../../src/parallel/pool.js';
import { loadParser } from '../../src/parse.js';
import type { MigrationSet } from '../../src/types.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';
import { requireBuiltWorker } from './built.js';
import { FIXTURE_CONFIG, fixtureProject } from './fixture.js';

let singleThreadCalls = 0;
const countingSingleThread: FindingsEngine = (...args) => {
  singleThreadCalls++;
  return inProcessEngine(...args);
};
const engine = (jobs: Jobs) => parallelEngine({ jobs, singleThread: countingSingleThread, workerScript: requireBuiltWorker() });

async function discovered(cwd: string, paths: string[]): Promise<{ set: MigrationSet; config: ResolvedConfig }> {
  const config = resolveConfig(FIXTURE_CONFIG, undefined, cwd);
  const [set] = await Promise.all([discoverSet({ cwd, config, paths }), loadParser()]);
  return { set, config };
}

describe('parallelEngine on the fixture project', () => {
  let dir: string;
  let set: MigrationSet;
  let config: ResolvedConfig;
  beforeAll(async () => {
    dir = fixtureProject();
    ({ set, config } = await discovered(dir, ['app', 'svc', 'diesel', 'misc']));
  });

  it.each([2, 3, 8])('gives the single-thread findings with --jobs %i', async (jobs) => {
    const expected = await inProcessEngine(set, config);
    expect(expected.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(expected.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['syntax-error', 'invalid-file', 'empty-migration', 'unknown-rule', 'require-down-migration', 'adding-not-nullable-field', 'naming-convention']));
    singleThreadCalls = 0;
    expect(await engine(jobs)(set, config)).toEqual(expected);
    expect(singleThreadCalls).toBe(0);
  });

  it('keeps to the files a report filter accepts', async () => {
    const reported = new Set(['app/migrations/002_more.sql', 'misc/002_binary.sql', 'svc/db/002_email.up.sql'].map((f) => join(dir, f)));
    const report = (file: string) => reported.has(file);
    const expected = await inProcessEngine(set, config, report);
    expect(new Set(expected.findings.map((f) => f.file))).toEqual(reported);
    expect(await engine(2)(set, config, report)).toEqual(expected);
  });

  it('gives the single-thread findings from the workers alone, as a large run does', async () => {
    const tasks = partitionByDirectory(set).map((unit) => ({ set: unit.set, config }));
    const results = await runOnPool(tasks, { workers: 2, mainThread: false, workerScript: requireBuiltWorker() });
    expect(results.flatMap((r) => r.findings).sort(compareFindings)).toEqual((await inProcessEngine(set, config)).findings);
  });

  it('auto leaves a small run to the single-thread engine', async () => {
    singleThreadCalls = 0;
    expect(await engine('auto')(set, config)).toEqual(await inProcessEngine(set, config));
    expect(singleThreadCalls).toBe(1);
  });
});

describe.runIf(hasCorpus || inCI)('parallelEngine on the shared corpus', () => {
  it('gives the single-thread findings', async () => {
    if (!requireCorpus()) return;
    const repos = readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const { set, config } = await discovered(corpusDir, repos);
    const expected = await inProcessEngine(set, config);
    expect(expected.findings.length).toBeGreaterThan(1000);
    singleThreadCalls = 0;
    expect(await engine(2)(set, config)).toEqual(expected);
    expect(singleThreadCalls).toBe(0);
  });
});
