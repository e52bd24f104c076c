// npm run bench: migrationlint beside squawk on the shared corpus — wall time (median of N runs
// after a warm-up), peak RSS, and the ratio migrationlint/squawk. Prints figures; asserts nothing.
//   node dist/bench/run.js [--runs 5] [--only a,b,c,d,e,lsp,apply] [--replicas 50]
//     [--lsp-limit N (files per repository)] [--lsp-push] [--apply-migrations 200]
// After the a–e table: warm LSP latency (bench/lsp-latency.ts) and apply overhead (bench/apply-overhead.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { applyOverhead } from './apply-overhead.js';
import { latencyRows, lspLatency, summarise, type RepositoryTimes } from './lsp-latency.js';
import { markdownTable } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');
const mlBin = join(root, 'bin', 'migrationlint.js');
const squawkBin = join(root, 'node_modules', '.bin', 'squawk');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const runs = Number(flag('runs', '5'));
const only = new Set(flag('only', 'a,b,c,d,e,lsp,apply').split(','));
const replicas = Number(flag('replicas', '50'));

interface Measure {
  ms: number;
  rssMb: number | undefined;
}

/** One timed run: wall ms from spawn to exit, and peak RSS from GNU time when available. */
function once(cmd: string, argv: string[], cwd: string): Measure {
  const started = process.hrtime.bigint();
  const run = gnuTime
    ? spawnSync(gnuTime, ['-f', 'MAXRSS %M', cmd, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cmd} ${argv.slice(0, 3).join(' ')} exited ${run.status}: ${run.stderr.slice(-500)}`);
  const rss = /MAXRSS (\d+)/.exec(run.stderr ?? '');
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(cmd: string, argv: string[], cwd = root): Measure {
  once(cmd, argv, cwd); // warm-up: file cache, JIT of the runtime itself
  const all = Array.from({ length: runs }, () => once(cmd, argv, cwd));
  const rss = all.map((m) => m.rssMb).filter((r): r is number => r !== undefined);
  return { ms: median(all.map((m) => m.ms)), rssMb: rss.length ? Math.max(...rss) : undefined };
}

const emptyConfig = join(mkdtempSync(join(tmpdir(), 'mlint-bench-')), 'config.json');
writeFileSync(emptyConfig, '{}');
const ml = (paths: string[], cwd = root) => measure(process.execPath, [mlBin, 'lint', '-c', emptyConfig, '--format', 'json', ...paths], cwd);
const squawk = (files: string[], cwd = root) => measure(squawkBin, ['--reporter', 'json', ...files], cwd);

const rows: string[][] = [['case', 'files', 'migrationlint ms', 'squawk ms', 'ratio', 'ml peak RSS MB', 'squawk peak RSS MB']];
function row(name: string, files: number, a: Measure, b: Measure | undefined): void {
  const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(0));
  rows.push([name, String(files), fmt(a.ms), fmt(b?.ms), b ? (a.ms / b.ms).toFixed(2) : 'n/a', fmt(a.rssMb), fmt(b?.rssMb)]);
  process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
}

const sqlFiles = (dir: string) => fg.sync('**/*.sql', { cwd: dir, absolute: true }).sort();
if (!existsSync(corpus)) throw new Error(`the shared corpus is not at ${corpus}`);
if (!existsSync(squawkBin)) throw new Error(`squawk is not installed: npm install --no-save squawk-cli@2.66.0`);
const repos = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

if (only.has('a')) {
  const files = sqlFiles(corpus);
  const theirs = squawk(files);
  row('(a) whole corpus, one invocation', files.length, ml([corpus]), theirs);
  row('(a) whole corpus, --jobs 1 (no worker threads)', files.length, ml(['--jobs', '1', corpus]), theirs);
  // The warm-up run fills the cache: every timed run finds all migrations in it.
  row("(a') whole corpus, warm --cache", files.length, ml(['--cache', '--cache-location', join(dirname(emptyConfig), 'cache'), corpus]), theirs);
}
if (only.has('b')) {
  for (const repo of repos) {
    const files = sqlFiles(join(corpus, repo));
    row(`(b) ${repo}`, files.length, ml([join(corpus, repo)]), squawk(files));
  }
}
if (only.has('c')) {
  const big = join(dirname(emptyConfig), 'big.sql');
  const made = spawnSync('bash', [join(corpus, 'make-big.sh'), big], { env: { ...process.env, PARSEABLE: '1' } });
  if (made.status !== 0) throw new Error(`make-big.sh failed: ${made.stderr}`);
  row('(c) make-big.sh (PARSEABLE=1), one file', 1, ml([big]), squawk([big]));
}
if (only.has('d')) {
  const small = join(dirname(emptyConfig), 'one', '001_add_index.sql');
  mkdirSync(dirname(small), { recursive: true });
  writeFileSync(small, 'CREATE INDEX CONCURRENTLY ix_orders_customer_id ON orders (customer_id);\n');
  row('(d) one small migration, cold process', 1, ml([small]), squawk([small]));
}
if (only.has('e')) {
  const dir = join(dirname(emptyConfig), 'replica');
  for (let i = 0; i < replicas; i++) cpSync(corpus, join(dir, `r${String(i).padStart(3, '0')}`), { recursive: true });
  const files = sqlFiles(dir);
  const saved = runs;
  const one = ml([dir]);
  row(`(e) ${replicas}× replica of the corpus`, files.length, one, undefined);
  const half = join(dirname(emptyConfig), 'replica-half');
  for (let i = 0; i < Math.floor(replicas / 2); i++) cpSync(corpus, join(half, `r${String(i).padStart(3, '0')}`), { recursive: true });
  const halfFiles = sqlFiles(half);
  const h = ml([half]);
  row(`(e) ${Math.floor(replicas / 2)}× replica (linearity check)`, halfFiles.length, h, undefined);
  process.stderr.write(`linearity: ${(one.ms / h.ms).toFixed(2)}× the time for ${(files.length / halfFiles.length).toFixed(2)}× the files (runs: ${saved})\n`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(half, { recursive: true, force: true });
}

if (rows.length > 1) {
  process.stdout.write(markdownTable(rows));
  process.stdout.write(`\nmedian of ${runs} runs after one warm-up; node ${process.version}; ${gnuTime ? 'peak RSS from GNU time' : 'no GNU time: RSS not measured'}\n`);
}
if (only.has('lsp')) {
  const options = { corpus, push: args.includes('--lsp-push'), limit: Number(flag('lsp-limit', 'Infinity')) };
  const progress = (server: string) => (repo: string, t: RepositoryTimes) => {
    const s = summarise([t]);
    process.stderr.write(`lsp: ${server} ${repo}: ${s.files} files, cold ${s.cold.toFixed(0)} ms, open ${s.open.map((n) => n.toFixed(1)).join('/')}, typing ${s.typing.map((n) => n.toFixed(1)).join('/')} ms (median/p95)\n`);
  };
  const ours = summarise(await lspLatency([process.execPath, mlBin, 'lsp', '--stdio'], { ...options, onRepository: progress('migrationlint') }));
  const theirs = summarise(await lspLatency([squawkBin, 'server'], { ...options, onRepository: progress('squawk') }));
  process.stdout.write(`\n${markdownTable(latencyRows(ours, theirs))}`);
  process.stdout.write(`\n${ours.files} files; one server per repository, its set configured; ${options.push ? 'push (publishDiagnostics)' : 'pull (textDocument/diagnostic)'}; the first file of each repository is the cold one\n`);
}
if (only.has('apply')) {
  const migrations = Number(flag('apply-migrations', '200'));
  const { rows: applyRows, notes } = await applyOverhead({ migrations, runs, onProgress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\n${markdownTable(applyRows)}`);
  process.stdout.write(`\n${[...notes, `median of ${runs} runs after one warm-up; the engine in process (lint gate, history, locks), each migration in its own transaction on both sides; N/4 and N migrations: an overhead that grows with N grows with the schema`].join('\n')}\n`);
}
rmSync(dirname(emptyConfig), { recursive: true, force: true });
