// The lint path under mutated and random input, in-process through lint(): a fixed-seed
// sample of the inputs `npm run fuzz` runs by the hundred thousand (bench/fuzz.ts). No input
// may crash lint(), leave its file unaccounted for, give a finding whose position does not
// match its span, or hide a section PostgreSQL's parser rejects.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInput, fuzzConfigs } from '../../bench/fuzz-check.js';
import { loadSeeds, makeInput, type SeedFile } from '../../bench/fuzz-inputs.js';
import { loadParser } from '../../src/parse.js';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir, requireCorpus } from '../helpers/shared.js';

const SAMPLE = 4000;
const SEED = 20261122;
/** A hang bound, not a speed check: one input of at most a few hundred KB must finish. */
const PER_INPUT_BOUND_MS = 60_000;

let root: string;
let dir: string;
let seeds: SeedFile[];
beforeAll(async () => {
  await loadParser();
  root = mkdtempSync(path.join(tmpdir(), 'ml-fuzz-test-'));
  // One level down: runner detection lists the directory above the inputs' (a crate's
  // Cargo.toml), and listing the shared temporary directory on every lint cost as much as linting.
  dir = path.join(root, 'inputs');
  mkdirSync(dir);
  const withCorpus = requireCorpus();
  seeds = loadSeeds([path.join(repoRoot, 'fixtures'), ...(withCorpus ? [corpusDir] : [])]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fuzzing the lint path (in-process sample)', () => {
  it('the same seed and index always give the same input, and the seeds are never written to', () => {
    const before = seeds.map((s) => Buffer.from(s.bytes).toString('base64'));
    const a = Array.from({ length: 200 }, (_, i) => makeInput(SEED, i, seeds));
    const b = Array.from({ length: 200 }, (_, i) => makeInput(SEED, i, seeds));
    expect(a.map((x) => Buffer.from(x.bytes).toString('base64'))).toEqual(b.map((x) => Buffer.from(x.bytes).toString('base64')));
    expect(seeds.map((s) => Buffer.from(s.bytes).toString('base64'))).toEqual(before);
    // The sample is not dominated by one kind of input.
    const kinds = new Set(a.flatMap((x) => x.kind.split('+')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['flip', 'truncate', 'shuffle', 'insert', 'splice', 'badUtf8', 'random-bytes']));
  });

  it(`${SAMPLE} mutated and random inputs: no crash, every property holds`, { timeout: 600_000 }, async () => {
    const configs = fuzzConfigs(dir);
    const failures: string[] = [];
    const figures = { exit0: 0, exit1: 0, undecoded: 0, syntaxError: 0, slowestMs: 0 };
    for (let i = 0; i < SAMPLE; i++) {
      const input = makeInput(SEED, i, seeds);
      const out = await checkInput(dir, input, configs[i % configs.length]!);
      if (out.ms > PER_INPUT_BOUND_MS) failures.push(`#${i} ${input.name}: no result within ${PER_INPUT_BOUND_MS / 1000} s`);
      for (const v of out.violations) failures.push(`#${i} ${input.name} (${input.kind} of ${input.seed || 'nothing'}): ${v}`);
      figures[out.exitCode === 0 ? 'exit0' : 'exit1']++;
      if (out.undecoded) figures.undecoded++;
      if (out.syntaxError) figures.syntaxError++;
      figures.slowestMs = Math.max(figures.slowestMs, out.ms);
    }
    console.info(`fuzz sample: ${SAMPLE} inputs (seed ${SEED}), ${failures.length} failures; ${JSON.stringify({ ...figures, slowestMs: Math.round(figures.slowestMs) })}`);
    expect(failures).toEqual([]);
    // Both outcomes occur: the sample is neither all-broken nor all-clean input.
    expect(figures.exit0).toBeGreaterThan(0);
    expect(figures.syntaxError).toBeGreaterThan(SAMPLE / 10);
    expect(figures.undecoded).toBeGreaterThan(0);
  });
});
