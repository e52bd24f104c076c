// The pull-request check: `lint --changed-since HEAD` over the largest corpus set (ory__kratos)
// with one late migration changed, beside squawk linting that one file. The set is copied into a
// temp git repository and committed; a full `lint --cache` warms the cache; then the newest up
// migration gets one more statement. Before every warm run the cache is put back as the warm-up
// left it, so each run is the PR's first (not a replay of the previous run's report).
// Rounds interleave the contenders; wall time from spawn to exit, median of `runs`.
// Also checks that the warm report is byte-identical to the cold one.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrCheckOptions {
  /** The shared corpus directory. */
  corpus: string;
  repo: string;
  runs: number;
  mlBin: string;
  squawkNative: string;
  squawkNpm: string;
}

export interface PrCheckTimes {
  files: number;
  changed: string;
  warm: number;
  cold: number;
  squawkNative: number;
  squawkNpm: number;
}

interface Run {
  ms: number;
  stdout: string;
}

function timed(cmd: string, argv: string[], cwd: string): Run {
  const started = process.hrtime.bigint();
  const run = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
  return { ms, stdout: run.stdout };
}

function git(cwd: string, args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args[0]} failed: ${run.stderr}`);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
    const cache = join(scratch, 'cache');
    const warmCache = join(scratch, 'cache-warm');
    const lint = (extra: string[]) => [options.mlBin, 'lint', '--format', 'json', ...extra];
    timed(process.execPath, lint(['--cache', '--cache-location', warmCache]), root);

    const changed = join(setDir, files.filter((f) => f.includes('.up.')).at(-1) ?? files.at(-1)!);
    appendFileSync(changed, '\nCREATE INDEX bench_pr_identities_nid ON identities (nid);\n');
    const warmArgv = lint(['--changed-since', 'HEAD', '--cache', '--cache-location', cache]);
    const coldArgv = lint(['--changed-since', 'HEAD']);
    const squawkArgv = ['--reporter', 'json', changed];
    const resetCache = () => {
      rmSync(cache, { recursive: true, force: true });
      cpSync(warmCache, cache, { recursive: true });
    };

    const samples = { warm: [] as number[], cold: [] as number[], native: [] as number[], npm: [] as number[] };
    let warmOut = '';
    let coldOut = '';
    for (let round = 0; round <= options.runs; round++) {
      resetCache();
      const warm = timed(process.execPath, warmArgv, root);
      const cold = timed(process.execPath, coldArgv, root);
      const native = timed(options.squawkNative, squawkArgv, root);
      const npm = timed(options.squawkNpm, squawkArgv, root);
      if (round === 0) {
        [warmOut, coldOut] = [warm.stdout, cold.stdout];
        continue; // the warm-up round
      }
      samples.warm.push(warm.ms);
      samples.cold.push(cold.ms);
      samples.native.push(native.ms);
      samples.npm.push(npm.ms);
    }
    if (warmOut !== coldOut) throw new Error(`pr-check: the warm --cache report differs from the cold one\n--- cold\n${coldOut}\n--- warm\n${warmOut}`);
    if (!coldOut.includes('CREATE INDEX on identities without CONCURRENTLY')) throw new Error(`pr-check: the changed migration's new statement was not reported:\n${coldOut}`);
    return {
      files: files.length,
      changed: changed.slice(root.length + 1),
      warm: median(samples.warm),
      cold: median(samples.cold),
      squawkNative: median(samples.native),
      squawkNpm: median(samples.npm),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function prCheckRows(t: PrCheckTimes): string[][] {
  const ms = (n: number) => n.toFixed(0);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    ['PR check, one changed migration', 'files', 'migrationlint ms', 'squawk native ms (one file)', 'squawk npm ms (one file)', 'ratio / native', 'ratio / npm'],
    [`--changed-since HEAD --cache (warm), ${t.changed}`, String(t.files), ms(t.warm), ms(t.squawkNative), ms(t.squawkNpm), ratio(t.warm, t.squawkNative), ratio(t.warm, t.squawkNpm)],
    ['--changed-since HEAD (cold, no cache)', String(t.files), ms(t.cold), ms(t.squawkNative), ms(t.squawkNpm), ratio(t.cold, t.squawkNative), ratio(t.cold, t.squawkNpm)],
  ];
}
