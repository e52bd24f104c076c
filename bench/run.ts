// npm run bench: migrationlint beside squawk on the shared corpus — wall time (median of N runs
// after a warm-up), peak RSS, and the ratio migrationlint/squawk. Prints figures; asserts nothing.
//   node dist/bench/run.js [--runs 5] [--only a,b,c,d,e] [--replicas 50]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

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
const only = new Set(flag('only', 'a,b,c,d,e').split(','));
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
  row('(a) whole corpus, one invocation', files.length, ml([corpus]), squawk(files));
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

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
process.stdout.write(`${rows.map((r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`).join('\n')}\n`);
process.stdout.write(`\nmedian of ${runs} runs after one warm-up; node ${process.version}; ${gnuTime ? 'peak RSS from GNU time' : 'no GNU time: RSS not measured'}\n`);
rmSync(dirname(emptyConfig), { recursive: true, force: true });
