// Warm language-server latency over the shared corpus: for every migration file, open it and time
// the diagnostics (a textDocument/diagnostic pull, or open → publishDiagnostics with --push),
// then type into it (a change) and time the diagnostics again.
// Each repository is one workspace with a config naming it as the migration set, so every file
// is linted in its set, as `migrationlint lint` does. The first file of a repository is the cold
// start (discovery, parser) and is reported apart.
//
//   npx esbuild bench/lsp-latency.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=dist/bench/lsp-latency.mjs && node dist/bench/lsp-latency.mjs [--push] [--squawk] [--limit N]
//
// --squawk measures `squawk server` (squawk-cli) the same way, for comparison.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { repoRoot } from '../test/helpers/cli.js';
import { LspClient } from '../test/lsp/client.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const push = args.includes('--push');
const squawk = args.includes('--squawk');
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const fmt = (n: number) => n.toFixed(1).padStart(7);

async function timed(client: LspClient, file: string, send: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  if (push) {
    const published = client.nextDiagnostics(file);
    await send();
    await published;
  } else {
    await send();
    await client.pull(file);
  }
  return performance.now() - start;
}

/** Milliseconds to diagnostics after opening the file, and after typing a comment into it. */
async function diagnosticsTimes(client: LspClient, file: string, text: string): Promise<[number, number]> {
  const open = await timed(client, file, () => client.open(file, text));
  const edit = await timed(client, file, () => client.change(file, `${text}\n-- edited`));
  await client.close(file);
  return [open, edit];
}

async function benchRepository(repo: string): Promise<{ cold: number; warm: number[]; edits: number[] }> {
  const root = mkdtempSync(join(tmpdir(), 'mlint-bench-'));
  cpSync(join(corpus, repo), join(root, repo), { recursive: true });
  writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: [repo] }));
  const command = squawk ? [join(repoRoot, 'node_modules', '.bin', 'squawk'), 'server'] : undefined;
  const client = await LspClient.start({ root, pull: !push, ...(command ? { command } : {}), debounceMs: 0 });
  const files = fg.sync('**/*.sql', { cwd: join(root, repo), absolute: true }).sort().slice(0, limit);
  const times: Array<[number, number]> = [];
  for (const file of files) times.push(await diagnosticsTimes(client, file, readFileSync(file, 'utf8')));
  await client.stop();
  rmSync(root, { recursive: true, force: true });
  return { cold: times[0]?.[0] ?? NaN, warm: times.slice(1).map((t) => t[0]), edits: times.map((t) => t[1]) };
}

const repos = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `${fmt(percentile(sorted, 50))} ${fmt(percentile(sorted, 95))}`;
};
const allOpen: number[] = [];
const allEdit: number[] = [];
console.log(`${squawk ? 'squawk server' : 'migrationlint lsp'}, ${push ? 'open/change → publishDiagnostics' : 'textDocument/diagnostic'} (ms per file)`);
console.log(`${'repository'.padEnd(28)} files    cold  open:median  p95  edit:median  p95`);
for (const repo of repos) {
  const { cold, warm, edits } = await benchRepository(repo);
  allOpen.push(...warm);
  allEdit.push(...edits);
  console.log(`${repo.padEnd(28)} ${String(warm.length + 1).padStart(5)} ${fmt(cold)} ${stats(warm)} ${stats(edits)}`);
}
console.log(`${'all (warm)'.padEnd(28)} ${String(allEdit.length).padStart(5)} ${' '.repeat(7)} ${stats(allOpen)} ${stats(allEdit)}`);
