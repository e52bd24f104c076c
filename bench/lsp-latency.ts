// Warm language-server latency over the shared corpus: for every migration file, open it and time
// the diagnostics (a textDocument/diagnostic pull, or open → publishDiagnostics with push), then
// type into it twice (a change each) and time the diagnostics again: a comment line added at the
// end, which leaves every statement as it was, then a space typed in the middle of the file,
// which (outside a comment) changes a statement's text and moves every one after it. The same LSP client drives every server.
// Each repository is one workspace with a config naming it as the migration set, so every file
// is linted in its set, as `migrationlint lint` does. The first file of a repository is the cold
// start (discovery, parser) and is kept apart from the warm figures.
// `npm run bench -- --only lsp` prints the table (bench/run.ts).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { LspClient } from '../test/lsp/client.js';
import { percentile } from './stats.js';
import { processCpuMs } from './process-cpu.js';

export interface LspLatencyOptions {
  corpus: string;
  /** Push diagnostics (open/change → publishDiagnostics) instead of pulling them. */
  push: boolean;
  /** At most this many files per repository. */
  limit: number;
}

export interface RepositoryTimes {
  /** The first file's open: discovery of the set, parser load. */
  cold: number;
  /** Every other file's open, ms. */
  open: number[];
  /** Every file's typing edit (a comment line at the end), ms. */
  typing: number[];
  /** Every file's second edit (a space in the middle of the text), ms. */
  typingInside: number[];
  /** The server process's peak resident set after the last file (Linux's VmHWM), MB; undefined elsewhere. */
  peakRssMb: number | undefined;
  /** The server's CPU time (with its child processes) for each of `open` and `typing`, ms: what load does not inflate. */
  openCpu: number[];
  typingCpu: number[];
  typingInsideCpu: number[];
}

/** The text with a space typed at the first space from its middle on (at the end when there is none). */
export function spaceTypedInMiddle(text: string): string {
  const at = text.indexOf(' ', Math.floor(text.length / 2));
  return at < 0 ? `${text} ` : `${text.slice(0, at)} ${text.slice(at)}`;
}

/** A process's peak resident set so far, MB, from /proc (Linux); a wrapper's children are not counted. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Wall time and the server's CPU time from sending to the diagnostics (CPU NaN where /proc does not say). */
async function timed(client: LspClient, file: string, push: boolean, send: () => Promise<unknown>): Promise<[wall: number, cpu: number]> {
  const pid = client.child.pid;
  const cpu = () => (pid === undefined ? undefined : processCpuMs(pid)) ?? NaN;
  const cpuBefore = cpu();
  const start = performance.now();
  if (push) {
    const published = client.nextDiagnostics(file);
    await send();
    await published;
  } else {
    await send();
    await client.pull(file);
  }
  const wall = performance.now() - start;
  return [wall, cpu() - cpuBefore];
}

async function benchRepository(command: string[], repo: string, options: LspLatencyOptions): Promise<RepositoryTimes> {
  const root = mkdtempSync(join(tmpdir(), 'mlint-bench-lsp-'));
  try {
    cpSync(join(options.corpus, repo), join(root, repo), { recursive: true });
    writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: [repo] }));
    const client = await LspClient.start({ root, pull: !options.push, command, debounceMs: 0 });
    const files = fg.sync('**/*.sql', { cwd: join(root, repo), absolute: true }).sort().slice(0, options.limit);
    const opens: Array<[number, number]> = [];
    const typing: Array<[number, number]> = [];
    const typingInside: Array<[number, number]> = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      opens.push(await timed(client, file, options.push, () => client.open(file, text)));
      const commented = `${text}\n-- edited`;
      typing.push(await timed(client, file, options.push, () => client.change(file, commented)));
      typingInside.push(await timed(client, file, options.push, () => client.change(file, spaceTypedInMiddle(commented))));
      await client.close(file);
    }
    const peak = peakRssMb(client.child.pid);
    await client.stop();
    const warm = opens.slice(1);
    return { cold: opens[0]?.[0] ?? NaN, open: warm.map(([wall]) => wall), typing: typing.map(([wall]) => wall), typingInside: typingInside.map(([wall]) => wall), openCpu: warm.map(([, cpu]) => cpu), typingCpu: typing.map(([, cpu]) => cpu), typingInsideCpu: typingInside.map(([, cpu]) => cpu), peakRssMb: peak };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Every repository of the corpus through each server command (by name), one server process per
 * repository and command; the servers take turns repository by repository, so a change in the
 * machine's load hits them alike. Returns each command's times per repository.
 */
export async function lspLatency(commands: ReadonlyMap<string, string[]>, options: LspLatencyOptions & { onServerRepository?: (server: string, repo: string, times: RepositoryTimes) => void }): Promise<Map<string, RepositoryTimes[]>> {
  const repos = readdirSync(options.corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const all = new Map<string, RepositoryTimes[]>([...commands.keys()].map((name) => [name, []]));
  for (const repo of repos) {
    for (const [name, command] of commands) {
      const times = await benchRepository(command, repo, options);
      options.onServerRepository?.(name, repo, times);
      all.get(name)!.push(times);
    }
  }
  return all;
}

export interface LatencySummary {
  files: number;
  cold: number;
  open: [median: number, p95: number];
  typing: [median: number, p95: number];
  typingInside: [median: number, p95: number];
  /** The largest repository's server peak RSS, MB (NaN when not measured). */
  peakRssMb: number;
  openCpu: [median: number, p95: number];
  typingCpu: [median: number, p95: number];
  typingInsideCpu: [median: number, p95: number];
}

export function summarise(runs: readonly RepositoryTimes[]): LatencySummary {
  const open = runs.flatMap((r) => r.open);
  const typing = runs.flatMap((r) => r.typing);
  const spread = (values: number[]): [number, number] => [percentile(values, 50), percentile(values, 95)];
  return {
    files: typing.length,
    cold: percentile(runs.map((r) => r.cold), 50),
    open: spread(open),
    typing: spread(typing),
    typingInside: spread(runs.flatMap((r) => r.typingInside)),
    openCpu: spread(runs.flatMap((r) => r.openCpu)),
    typingCpu: spread(runs.flatMap((r) => r.typingCpu)),
    typingInsideCpu: spread(runs.flatMap((r) => r.typingInsideCpu)),
    peakRssMb: runs.some((r) => r.peakRssMb === undefined) ? NaN : Math.max(...runs.map((r) => r.peakRssMb!)),
  };
}

/** The LSP table: migrationlint's figures (and a baseline build's) beside squawk's (native binary and npm wrapper), and the ratios. */
export function latencyRows(ours: LatencySummary, native: LatencySummary | undefined, npm: LatencySummary | undefined, baseline?: LatencySummary): string[][] {
  const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(1));
  const ratio = (a: number, b: number | undefined) => (b === undefined || !(b > 0) ? 'n/a' : (a / b).toFixed(2));
  const line = (name: string, pick: (s: LatencySummary) => number) => {
    const a = pick(ours);
    const [n, p] = [native && pick(native), npm && pick(npm)];
    return [name, ...(baseline ? [ms(pick(baseline))] : []), ms(a), ms(n), ms(p), ...(baseline ? [ratio(pick(baseline), n)] : []), ratio(a, n), ratio(a, p)];
  };
  return [
    ['warm LSP diagnostics latency per corpus file', ...(baseline ? ['baseline lsp ms'] : []), 'migrationlint lsp ms', 'squawk native server ms', 'squawk npm server ms', ...(baseline ? ['baseline / native'] : []), 'ratio / native', 'ratio / npm'],
    line('open → diagnostics, median', (s) => s.open[0]),
    line('open → diagnostics, p95', (s) => s.open[1]),
    line('typing edit → diagnostics, median', (s) => s.typing[0]),
    line('typing edit → diagnostics, p95', (s) => s.typing[1]),
    line('typing inside a statement → diagnostics, median', (s) => s.typingInside[0]),
    line('typing inside a statement → diagnostics, p95', (s) => s.typingInside[1]),
    line('first file of a repository (cold), median', (s) => s.cold),
    line('server peak RSS MB, largest over repositories (the npm wrapper without its binary)', (s) => s.peakRssMb),
    line('open → diagnostics, server CPU median', (s) => s.openCpu[0]),
    line('typing edit → diagnostics, server CPU median', (s) => s.typingCpu[0]),
    line('typing edit → diagnostics, server CPU p95', (s) => s.typingCpu[1]),
    line('typing inside a statement → diagnostics, server CPU median', (s) => s.typingInsideCpu[0]),
    line('typing inside a statement → diagnostics, server CPU p95', (s) => s.typingInsideCpu[1]),
  ];
}
