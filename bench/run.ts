// npm run bench: migrationlint beside squawk on the shared corpus — wall time (median of N runs
// after a warm-up), peak RSS, and the ratios migrationlint/squawk against squawk's native binary and
// against its npm wrapper (node_modules/.bin/squawk: a Node script that spawns the binary). Every
// contender of a case runs once per round, the rounds interleaved, so machine noise hits all alike.
// Prints figures; asserts nothing.
//   node dist/bench/run.js [--runs 7] [--only a,a',b,c,d,e,pr,lsp,apply] [--replicas 50]
//     (a' alone: the warm --cache row of a, without a's cold rows)
//     [--baseline DIR (another build's root: its bin/migrationlint.js timed beside ours)]
//     [--lsp-limit N (files per repository)] [--lsp-push] [--apply-migrations 200]
// pr: the pull-request check (bench/pr-check.ts).
// After the a–e table: warm LSP latency (bench/lsp-latency.ts) and apply overhead (bench/apply-overhead.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { applyOverhead } from './apply-overhead.js';
import { prCheck, prCheckRows } from './pr-check.js';
import { latencyRows, lspLatency, summarise, type RepositoryTimes } from './lsp-latency.js';
import { markdownTable } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');
const mlBin = join(root, 'bin', 'migrationlint.js');
const squawkNpm = join(root, 'node_modules', '.bin', 'squawk');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const runs = Number(flag('runs', '7'));
const only = new Set(flag('only', 'a,b,c,d,e,pr,lsp,apply').split(','));
const replicas = Number(flag('replicas', '50'));
const baselineRoot = args.includes('--baseline') ? resolve(flag('baseline', '')) : undefined;
const baselineBin = baselineRoot && join(baselineRoot, 'bin', 'migrationlint.js');

if (!existsSync(corpus)) throw new Error(`the shared corpus is not at ${corpus}`);
if (!existsSync(squawkNpm)) throw new Error('squawk is not installed: npm install --no-save squawk-cli@2.66.0');
if (baselineBin && !existsSync(baselineBin)) throw new Error(`--baseline: no ${baselineBin}`);
/** The platform binary the npm wrapper spawns, found the way the wrapper finds it. */
const squawkNative: string = (createRequire(join(root, 'node_modules', 'squawk-cli', 'js', 'index.js'))('./index.js') as { getBinaryPath(): string }).getBinaryPath();

interface Measure {
  ms: number;
  /** User + system CPU time from GNU time: steadier than wall time on a loaded machine. */
  cpuMs: number | undefined;
  rssMb: number | undefined;
}

interface Command {
  cmd: string;
  argv: string[];
  cwd?: string;
}

/** One timed run: wall ms from spawn to exit, and CPU time and peak RSS from GNU time when available. */
function once({ cmd, argv, cwd = root }: Command): Measure {
  const started = process.hrtime.bigint();
  const run = gnuTime
    ? spawnSync(gnuTime, ['-f', 'MAXRSS %M CPU %U %S', cmd, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cmd} ${argv.slice(0, 3).join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
  const times = /MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
  return times ? { ms, cpuMs: (Number(times[2]) + Number(times[3])) * 1000, rssMb: Number(times[1]) / 1024 } : { ms, cpuMs: undefined, rssMb: undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Each command once as a warm-up (file cache, caches a run fills), then `runs` interleaved rounds. */
function measureTogether(commands: readonly Command[]): Measure[] {
  for (const command of commands) once(command);
  const samples = commands.map((): Measure[] => []);
  for (let round = 0; round < runs; round++) commands.forEach((command, k) => samples[k].push(once(command)));
  return samples.map((all) => {
    const rss = all.map((m) => m.rssMb).filter((r): r is number => r !== undefined);
    const cpu = all.map((m) => m.cpuMs).filter((c): c is number => c !== undefined);
    return { ms: median(all.map((m) => m.ms)), cpuMs: cpu.length ? median(cpu) : undefined, rssMb: rss.length ? median(rss) : undefined };
  });
}

const emptyConfig = join(mkdtempSync(join(tmpdir(), 'mlint-bench-')), 'config.json');
writeFileSync(emptyConfig, '{}');
const mlArgv = (bin: string, paths: string[]) => [bin, 'lint', '-c', emptyConfig, '--format', 'json', ...paths];

const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(0));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(b > 0) ? 'n/a' : (a / b).toFixed(2));
const rows: string[][] = [
  [
    'case',
    'files',
    'migrationlint ms',
    ...(baselineBin ? ['baseline ms'] : []),
    'squawk native ms',
    'squawk npm ms',
    'ratio / native',
    'ratio / npm',
    'ml CPU ms',
    ...(baselineBin ? ['baseline CPU ms'] : []),
    'squawk native CPU ms',
    'CPU ratio / native',
    'ml peak RSS MB',
    ...(baselineBin ? ['baseline peak RSS MB'] : []),
    'squawk native RSS MB',
  ],
];

/**
 * One row: ours (`paths` plus `extra` options; the baseline build given the same, a cache option
 * pointed elsewhere by `baselineExtra`), squawk native and squawk npm on `squawkFiles` (none: no
 * squawk columns), all measured together.
 */
function compare(name: string, files: number, paths: string[], squawkFiles: string[] | undefined, extra: string[] = [], baselineExtra = extra): void {
  const commands: Command[] = [{ cmd: process.execPath, argv: mlArgv(mlBin, [...extra, ...paths]) }];
  if (baselineBin) commands.push({ cmd: process.execPath, argv: mlArgv(baselineBin, [...baselineExtra, ...paths]) });
  if (squawkFiles) {
    const squawkArgv = ['--reporter', 'json', ...squawkFiles];
    commands.push({ cmd: squawkNative, argv: squawkArgv }, { cmd: squawkNpm, argv: squawkArgv });
  }
  const [ours, ...others] = measureTogether(commands);
  const baseline = baselineBin ? others.shift() : undefined;
  const [native, npm] = others;
  rows.push([
    name,
    String(files),
    fmt(ours.ms),
    ...(baselineBin ? [fmt(baseline?.ms)] : []),
    fmt(native?.ms),
    fmt(npm?.ms),
    ratio(ours.ms, native?.ms),
    ratio(ours.ms, npm?.ms),
    fmt(ours.cpuMs),
    ...(baselineBin ? [fmt(baseline?.cpuMs)] : []),
    fmt(native?.cpuMs),
    ratio(ours.cpuMs, native?.cpuMs),
    fmt(ours.rssMb),
    ...(baselineBin ? [fmt(baseline?.rssMb)] : []),
    fmt(native?.rssMb),
  ]);
  process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
}

/** The parse floor beside squawk: Node, the parser's WASM, every file read and parsed, nothing else (bench/parse-floor.ts). */
function parseFloor(files: string[]): void {
  const squawkArgv = ['--reporter', 'json', ...files];
  const [floor, native, npm] = measureTogether([
    { cmd: process.execPath, argv: [join(root, 'dist', 'bench', 'parse-floor.js'), ...files] },
    { cmd: squawkNative, argv: squawkArgv },
    { cmd: squawkNpm, argv: squawkArgv },
  ]);
  const na = (n: number) => Array.from({ length: n }, () => 'n/a');
  rows.push(['(a) parse floor: node + parser + read + parse, no analysis', String(files.length), fmt(floor.ms), ...na(baselineBin ? 1 : 0), fmt(native.ms), fmt(npm.ms), ratio(floor.ms, native.ms), ratio(floor.ms, npm.ms), fmt(floor.cpuMs), ...na(baselineBin ? 1 : 0), fmt(native.cpuMs), ratio(floor.cpuMs, native.cpuMs), fmt(floor.rssMb), ...na(baselineBin ? 1 : 0), fmt(native.rssMb)]);
  process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
}

const sqlFiles = (dir: string) => fg.sync('**/*.sql', { cwd: dir, absolute: true }).sort();
const repos = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const scratch = dirname(emptyConfig);

if (only.has('a') || only.has("a'")) {
  const files = sqlFiles(corpus);
  if (only.has('a')) {
    compare('(a) whole corpus, one invocation', files.length, [corpus], files);
    compare('(a) whole corpus, --jobs 1 (no worker threads)', files.length, [corpus], files, ['--jobs', '1']);
    parseFloor(files);
  }
  // The warm-up run fills the cache: every timed run finds all migrations in it.
  const cache = (dir: string) => ['--cache', '--cache-location', join(scratch, dir)];
  compare("(a') whole corpus, warm --cache", files.length, [corpus], files, cache('cache'), cache('cache-baseline'));
}
if (only.has('b')) {
  for (const repo of repos) {
    const files = sqlFiles(join(corpus, repo));
    compare(`(b) ${repo}`, files.length, [join(corpus, repo)], files);
  }
}
if (only.has('c')) {
  const big = join(scratch, 'big.sql');
  const made = spawnSync('bash', [join(corpus, 'make-big.sh'), big], { env: { ...process.env, PARSEABLE: '1' } });
  if (made.status !== 0) throw new Error(`make-big.sh failed: ${made.stderr}`);
  compare('(c) make-big.sh (PARSEABLE=1), one file', 1, [big], [big]);
}
if (only.has('d')) {
  const small = join(scratch, 'one', '001_add_index.sql');
  mkdirSync(dirname(small), { recursive: true });
  writeFileSync(small, 'CREATE INDEX CONCURRENTLY ix_orders_customer_id ON orders (customer_id);\n');
  compare('(d) one small migration, cold process', 1, [small], [small]);
  const [floor] = measureTogether([{ cmd: process.execPath, argv: ['-e', '0'] }]);
  process.stderr.write(`(d) floor: node -e 0 ${fmt(floor.ms)} ms, peak RSS ${fmt(floor.rssMb)} MB\n`);
  rows.push(['(d) floor: node -e 0', '0', fmt(floor.ms), ...(baselineBin ? ['n/a'] : []), 'n/a', 'n/a', 'n/a', 'n/a', fmt(floor.cpuMs), ...(baselineBin ? ['n/a'] : []), 'n/a', 'n/a', fmt(floor.rssMb), ...(baselineBin ? ['n/a'] : []), 'n/a']);
}
if (only.has('e')) {
  const dir = join(scratch, 'replica');
  for (let i = 0; i < replicas; i++) cpSync(corpus, join(dir, `r${String(i).padStart(3, '0')}`), { recursive: true });
  const half = join(scratch, 'replica-half');
  for (let i = 0; i < Math.floor(replicas / 2); i++) cpSync(corpus, join(half, `r${String(i).padStart(3, '0')}`), { recursive: true });
  // squawk is left out: its argument list (every file) would pass the kernel's limit.
  compare(`(e) ${replicas}× replica of the corpus`, sqlFiles(dir).length, [dir], undefined);
  compare(`(e) ${Math.floor(replicas / 2)}× replica (linearity check)`, sqlFiles(half).length, [half], undefined);
  const [full, halved] = rows.slice(-2).map((r) => Number(r[2]));
  process.stderr.write(`linearity: ${(full / halved).toFixed(2)}× the time for ${replicas / Math.floor(replicas / 2)}× the files (runs: ${runs})\n`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(half, { recursive: true, force: true });
}

if (rows.length > 1) {
  process.stdout.write(markdownTable(rows));
  process.stdout.write(`\nmedian of ${runs} runs after one warm-up; node ${process.version}; ${gnuTime ? "peak RSS from GNU time, the runs' median (their largest was the first warm (a') run, which takes the report from the run snapshot and keeps the invocation record; the later ones repeat that record)" : 'no GNU time: RSS not measured'}\n`);
}
if (only.has('pr')) {
  const times = prCheck({ corpus, repo: 'ory__kratos', runs, mlBin, ...(baselineBin ? { baselineBin } : {}), squawkNative, squawkNpm, ...(gnuTime ? { gnuTime } : {}) });
  process.stdout.write(`\n${markdownTable(prCheckRows(times))}\nmedian of ${runs} interleaved runs after one warm-up; the warm runs each start from the cache a full \`lint --cache\` left; reports byte-identical warm and cold\n`);
}
if (only.has('lsp')) {
  const options = { corpus, push: args.includes('--lsp-push'), limit: Number(flag('lsp-limit', 'Infinity')) };
  const progress = (server: string) => (repo: string, t: RepositoryTimes) => {
    const s = summarise([t]);
    process.stderr.write(`lsp: ${server} ${repo}: ${s.files} files, cold ${s.cold.toFixed(0)} ms, open ${s.open.map((n) => n.toFixed(1)).join('/')}, typing ${s.typing.map((n) => n.toFixed(1)).join('/')}, inside a statement ${s.typingInside.map((n) => n.toFixed(1)).join('/')} ms (median/p95), peak RSS ${s.peakRssMb.toFixed(1)} MB\n`);
  };
  const servers = new Map<string, string[]>([['migrationlint', [process.execPath, mlBin, 'lsp', '--stdio']], ...(baselineBin ? [['baseline', [process.execPath, baselineBin, 'lsp', '--stdio']] as [string, string[]]] : []), ['squawk native', [squawkNative, 'server']], ['squawk npm', [squawkNpm, 'server']]]);
  const times = await lspLatency(servers, { ...options, onServerRepository: (server, repo, t) => progress(server)(repo, t) });
  const summary = (server: string) => (times.has(server) ? summarise(times.get(server)!) : undefined);
  const ours = summary('migrationlint')!;
  process.stdout.write(`\n${markdownTable(latencyRows(ours, summary('squawk native'), summary('squawk npm'), summary('baseline')))}`);
  process.stdout.write(`\n${ours.files} files; one server per repository, its set configured; ${options.push ? 'push (publishDiagnostics)' : 'pull (textDocument/diagnostic)'}; the first file of each repository is the cold one; server CPU: the server process's threads and its children's (/proc schedstat), from sending to the answer — under load, compare these\n`);
}
if (only.has('apply')) {
  const migrations = Number(flag('apply-migrations', '200'));
  const { rows: applyRows, notes } = await applyOverhead({ migrations, runs, onProgress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\n${markdownTable(applyRows)}`);
  process.stdout.write(`\n${[...notes, `median of ${runs} runs after one warm-up; the engine in process (lint gate, history, locks), each migration in its own transaction on both sides; N/4 and N migrations: an overhead that grows with N grows with the schema`].join('\n')}\n`);
}
rmSync(dirname(emptyConfig), { recursive: true, force: true });
