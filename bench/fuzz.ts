// npm run fuzz [-- --count N --seed S --workers W --timeout SECONDS --out DIR]
//
// Long fuzz run of the lint path. Worker processes lint inputs in-process through the library
// and report each one; this parent kills a worker that makes no progress for --timeout
// seconds (a hang) and restarts one that dies (a crash of the process: WASM abort, out of
// memory), recording the input either way. Failing inputs are written to --out with their
// index, so `makeInput(seed, index)` replays them. Prints the figures at the end; exit 1 when
// any input crashed, hung or broke a property.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadParser } from '../src/parse.js';
import { checkInput, fuzzConfigs } from './fuzz-check.js';
import { loadSeeds, makeInput, type SeedFile } from './fuzz-inputs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from bench/ (tsx) or dist/bench/ (compiled). */
const root = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');

export function seedDirs(): string[] {
  return [path.join(root, 'fixtures'), path.resolve(root, '..', 'shared', 'corpus')];
}

interface Report {
  i: number;
  ok: boolean;
  crashed: boolean;
  exitCode: 0 | 1;
  undecoded: boolean;
  syntaxError: boolean;
  ms: number;
  kind: string;
  violations: string[];
}

async function worker(seed: number, from: number, to: number, seeds: SeedFile[]): Promise<void> {
  await loadParser();
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-fuzz-'));
  const configs = fuzzConfigs(dir);
  try {
    for (let i = from; i < to; i++) {
      const input = makeInput(seed, i, seeds);
      const out = await checkInput(dir, input, configs[i % configs.length]!);
      const report: Report = { i, ok: out.violations.length === 0, crashed: out.crashed, exitCode: out.exitCode, undecoded: out.undecoded, syntaxError: out.syntaxError, ms: out.ms, kind: input.kind, violations: out.violations };
      process.send?.(report);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Figures {
  inputs: number;
  crashes: number;
  hangs: number;
  violations: number;
  exit0: number;
  exit1: number;
  undecoded: number;
  syntaxError: number;
  slowestMs: number;
  slowestIndex: number;
  failures: Array<{ index: number; what: string }>;
}

/** Runs [from, to) in one worker at a time, restarting after a hang or a dead worker. */
async function lane(opts: { seed: number; from: number; to: number; timeout: number; figures: Figures; onProgress: () => void }): Promise<void> {
  let next = opts.from;
  const f = opts.figures;
  while (next < opts.to) {
    const child = fork(fileURLToPath(import.meta.url), ['--worker', '--seed', String(opts.seed), '--from', String(next), '--to', String(opts.to)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, opts.timeout * 1000);
    };
    arm();
    child.on('message', (r: Report) => {
      arm();
      next = r.i + 1;
      f.inputs++;
      if (r.exitCode === 0) f.exit0++;
      else f.exit1++;
      if (r.undecoded) f.undecoded++;
      if (r.syntaxError) f.syntaxError++;
      if (r.ms > f.slowestMs) [f.slowestMs, f.slowestIndex] = [r.ms, r.i];
      if (r.crashed) f.crashes++;
      else if (!r.ok) f.violations++;
      if (!r.ok) f.failures.push({ index: r.i, what: `${r.kind}: ${r.violations.join('; ')}` });
      opts.onProgress();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    if (next >= opts.to) break;
    // The input at `next` hung or killed the worker: record it and go on after it.
    f.inputs++;
    f.exit1++;
    if (hung) f.hangs++;
    else f.crashes++;
    f.failures.push({ index: next, what: hung ? `no result after ${opts.timeout} s (hang)` : `worker died (exit ${code}): ${stderr.trim().slice(-500)}` });
    next++;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '60' },
      out: { type: 'string', default: path.join(tmpdir(), 'migrationlint-fuzz-failures') },
      worker: { type: 'boolean', default: false },
      from: { type: 'string', default: '0' },
      to: { type: 'string', default: '0' },
    },
  });
  const seed = Number(values.seed);
  const seeds = loadSeeds(seedDirs());
  if (values.worker) return worker(seed, Number(values.from), Number(values.to), seeds);

  const count = Number(values.count);
  const workers = Math.max(1, Number(values.workers));
  const timeout = Number(values.timeout);
  if (![count, seed, timeout].every(Number.isFinite)) throw new Error('--count, --seed and --timeout take numbers');
  console.log(`fuzzing the lint path: ${count} inputs, seed ${seed}, ${workers} workers, ${seeds.length} seed files, ${timeout} s per input at most`);
  const figures: Figures = { inputs: 0, crashes: 0, hangs: 0, violations: 0, exit0: 0, exit1: 0, undecoded: 0, syntaxError: 0, slowestMs: 0, slowestIndex: -1, failures: [] };
  const t0 = performance.now();
  let lastPrint = 0;
  const onProgress = () => {
    const now = performance.now();
    if (now - lastPrint < 10_000) return;
    lastPrint = now;
    console.log(`  ${figures.inputs}/${count} inputs, ${figures.crashes} crashes, ${figures.hangs} hangs, ${figures.violations} violations, ${Math.round(figures.inputs / ((now - t0) / 1000))} inputs/s`);
  };
  const per = Math.ceil(count / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => lane({ seed, from: w * per, to: Math.min(count, (w + 1) * per), timeout, figures, onProgress })),
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    [
      `inputs:            ${figures.inputs}`,
      `crashes:           ${figures.crashes}`,
      `hangs:             ${figures.hangs} (no result within ${timeout} s)`,
      `property failures: ${figures.violations}`,
      `exit codes:        0 → ${figures.exit0}, 1 → ${figures.exit1}`,
      `not UTF-8 text:    ${figures.undecoded} (invalid-file); with a syntax-error finding: ${figures.syntaxError}`,
      `slowest input:     #${figures.slowestIndex}, ${Math.round(figures.slowestMs)} ms`,
      `time:              ${seconds.toFixed(0)} s (${Math.round(figures.inputs / seconds)} inputs/s)`,
    ].join('\n'),
  );
  if (figures.failures.length > 0) {
    mkdirSync(values.out, { recursive: true });
    for (const f of figures.failures.slice(0, 200)) {
      const input = makeInput(seed, f.index, seeds);
      writeFileSync(path.join(values.out, `${seed}-${f.index}-${input.name}`), input.bytes);
      console.log(`  #${f.index} (${input.kind}, from ${input.seed || 'nothing'}): ${f.what.slice(0, 400)}`);
    }
    console.log(`failing inputs written to ${values.out}`);
    process.exitCode = 1;
  }
}

await main();
