// The pull-request check: `lint --changed-since HEAD` over the largest corpus set (ory__kratos)
// with one late migration changed, beside squawk linting that one file. The set is copied into a
// temp git repository and committed; a full `lint --cache` warms the cache; then the newest up
// migration gets one more statement. Before every warm run the cache is put back as the warm-up
// left it, so each run is the PR's first (not a replay of the previous run's report). The
// warm-up runs on a checkout older than the racy margin (2 s), as a developer's is: a file
// modified within it of a run is hashed, not trusted by its stat record (src/cache/vouched-inputs.ts).
// Rounds interleave the contenders (and a baseline build's, with its own warm cache); wall time
// from spawn to exit, median of `runs`, and CPU time (user + sys) with GNU time.
// Also checks that each build's warm report is byte-identical to its cold one.
import { spawnSync } from 'node:child_process';
import { RACY_MARGIN_MS } from '../src/cache/vouched-inputs.js';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrCheckOptions {
  /** The shared corpus directory. */
  corpus: string;
  repo: string;
  runs: number;
  mlBin: string;
  /** Another build's bin/migrationlint.js, timed beside ours. */
  baselineBin?: string;
  squawkNative: string;
  squawkNpm: string;
  /** GNU time, for CPU time. */
  gnuTime?: string;
}

export interface Timing {
  ms: number;
  /** User + system CPU time (GNU time), when measured. */
  cpuMs?: number;
}

export interface PrCheckTimes {
  files: number;
  changed: string;
  warm: Timing;
  cold: Timing;
  baselineWarm?: Timing;
  baselineCold?: Timing;
  squawkNative: Timing;
  squawkNpm: Timing;
}

interface Run extends Timing {
  stdout: string;
}

function timed(cmd: string, argv: string[], cwd: string, gnuTime?: string): Run {
  const started = process.hrtime.bigint();
  const run = gnuTime ? spawnSync(gnuTime, ['-f', 'CPU %U %S', cmd, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr ?? '');
  return { ms, ...(cpu ? { cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 } : {}), stdout: run.stdout };
}

function git(cwd: string, args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args[0]} failed: ${run.stderr}`);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function medianTiming(samples: readonly Timing[]): Timing {
  const cpu = samples.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]));
  return { ms: median(samples.map((t) => t.ms)), ...(cpu.length > 0 ? { cpuMs: median(cpu) } : {}) };
}

export function prCheck(options: PrCheckOptions): PrCheckTimes {
  const scratch = mkdtempSync(join(tmpdir(), 'mlint-bench-pr-'));
  // The caches sit outside the repository: git would list them as untracked changes.
  const root = join(scratch, 'repo');
  try {
    const setDir = join(root, options.repo);
    cpSync(join(options.corpus, options.repo), setDir, { recursive: true });
    writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: [options.repo] }));
    git(root, ['init', '-q']);
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'migrations']);
    const files = readdirSync(setDir).filter((f) => f.endsWith('.sql')).sort();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RACY_MARGIN_MS + 100);
    const lint = (bin: string, extra: string[]) => [bin, 'lint', '--format', 'json', ...extra];
    const bins = { ours: options.mlBin, ...(options.baselineBin ? { baseline: options.baselineBin } : {}) };
    // Each build its own cache: the engine fingerprint differs.
    for (const [who, bin] of Object.entries(bins)) timed(process.execPath, lint(bin, ['--cache', '--cache-location', join(scratch, `cache-warm-${who}`)]), root);

    const changed = join(setDir, files.filter((f) => f.includes('.up.')).at(-1) ?? files.at(-1)!);
    appendFileSync(changed, '\nCREATE INDEX bench_pr_identities_nid ON identities (nid);\n');
    const cache = (who: string) => join(scratch, `cache-${who}`);
    const warmArgv = (who: string, bin: string) => lint(bin, ['--changed-since', 'HEAD', '--cache', '--cache-location', cache(who)]);
    const coldArgv = (bin: string) => lint(bin, ['--changed-since', 'HEAD']);
    const squawkArgv = ['--reporter', 'json', changed];
    const resetCache = (who: string) => {
      rmSync(cache(who), { recursive: true, force: true });
      cpSync(join(scratch, `cache-warm-${who}`), cache(who), { recursive: true });
    };

    const samples = { warm: [] as Timing[], cold: [] as Timing[], baselineWarm: [] as Timing[], baselineCold: [] as Timing[], native: [] as Timing[], npm: [] as Timing[] };
    const outputs = new Map<string, string>();
    const time = (name: string, cmd: string, argv: string[], into: Timing[], round: number) => {
      const run = timed(cmd, argv, root, options.gnuTime);
      if (round === 0) outputs.set(name, run.stdout); // the warm-up round
      else into.push(run);
    };
    for (let round = 0; round <= options.runs; round++) {
      resetCache('ours');
      time('warm', process.execPath, warmArgv('ours', options.mlBin), samples.warm, round);
      time('cold', process.execPath, coldArgv(options.mlBin), samples.cold, round);
      if (options.baselineBin) {
        resetCache('baseline');
        time('baseline warm', process.execPath, warmArgv('baseline', options.baselineBin), samples.baselineWarm, round);
        time('baseline cold', process.execPath, coldArgv(options.baselineBin), samples.baselineCold, round);
      }
      time('native', options.squawkNative, squawkArgv, samples.native, round);
      time('npm', options.squawkNpm, squawkArgv, samples.npm, round);
    }
    const coldOut = outputs.get('cold')!;
    // Each build's warm report is its cold one (the builds may differ from each other by design).
    for (const [warm, cold] of [['warm', 'cold'], ['baseline warm', 'baseline cold']]) {
      const [w, c] = [outputs.get(warm), outputs.get(cold)];
      if (w !== c) throw new Error(`pr-check: the ${warm} report differs from the ${cold} one\n--- ${cold}\n${c}\n--- ${warm}\n${w}`);
    }
    if (!coldOut.includes('CREATE INDEX on identities without CONCURRENTLY')) throw new Error(`pr-check: the changed migration's new statement was not reported:\n${coldOut}`);
    return {
      files: files.length,
      changed: changed.slice(root.length + 1),
      warm: medianTiming(samples.warm),
      cold: medianTiming(samples.cold),
      ...(options.baselineBin ? { baselineWarm: medianTiming(samples.baselineWarm), baselineCold: medianTiming(samples.baselineCold) } : {}),
      squawkNative: medianTiming(samples.native),
      squawkNpm: medianTiming(samples.npm),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function prCheckRows(t: PrCheckTimes): string[][] {
  const ms = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(0));
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const baseline = t.baselineWarm !== undefined;
  const row = (name: string, ours: Timing, base: Timing | undefined) => [
    name,
    String(t.files),
    ms(ours.ms),
    ...(baseline ? [ms(base?.ms)] : []),
    ms(t.squawkNative.ms),
    ms(t.squawkNpm.ms),
    ratio(ours.ms, t.squawkNative.ms),
    ratio(ours.ms, t.squawkNpm.ms),
    ms(ours.cpuMs),
    ...(baseline ? [ms(base?.cpuMs)] : []),
    ms(t.squawkNpm.cpuMs),
  ];
  return [
    ['PR check, one changed migration', 'files', 'migrationlint ms', ...(baseline ? ['baseline ms'] : []), 'squawk native ms (one file)', 'squawk npm ms (one file)', 'ratio / native', 'ratio / npm', 'migrationlint CPU ms', ...(baseline ? ['baseline CPU ms'] : []), 'squawk npm CPU ms'],
    row(`--changed-since HEAD --cache (warm), ${t.changed}`, t.warm, t.baselineWarm),
    row('--changed-since HEAD (cold, no cache)', t.cold, t.baselineCold),
  ];
}
