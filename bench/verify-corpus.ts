// node dist/bench/verify-corpus.js [corpus-dir] [repo…] — `migrationlint verify` over the shared
// corpus repositories on PGlite, in full: per repository the time, how far the replay got and
// why it stopped, the downs checked and the first down mismatches; and the PGlite template start.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../src/config.js';
import { openThrowaway } from '../src/verify/throwaway.js';
import { verify } from '../src/verify/verify.js';
import type { VerifyResult } from '../src/verify/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'));
const only = process.argv.slice(3);
const SHOWN = 6;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function templateStarts(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = await openThrowaway({});
    times.push(t.startMs);
    await t.close();
  }
  console.log(`PGlite throwaway start (template, 5 runs): ${times.map((t) => `${Math.round(t)} ms`).join(', ')} (the first includes WebAssembly compilation)`);
}

function summary(repo: string, r: VerifyResult, ms: number): void {
  const downs = r.migrations.filter((m) => m.down !== 'none' && m.down !== 'skipped' && m.up === 'applied');
  const count = (pick: (m: VerifyResult['migrations'][number]) => boolean) => r.migrations.filter(pick).length;
  console.log(`\n== ${repo}: ${r.migrations.length} migrations in ${r.groups.length} director${r.groups.length === 1 ? 'y' : 'ies'}, ${s(ms)}`);
  for (const g of r.groups) {
    console.log(`  ${g.directory}: ${g.applied}/${g.total} up applied, ${s(g.durationMs)} (database ready in ${Math.round(g.startMs)} ms)${g.stopped ? `\n    stopped at ${g.stopped.version}: ${g.stopped.reason}` : ''}`);
  }
  console.log(
    `  downs: ${downs.length} checked, ${count((m) => m.down === 'mismatch')} leave the schema different, ${count((m) => m.down === 'failed')} fail; ` +
      `ups not repeatable: ${count((m) => m.repeat === 'failed' || m.repeat === 'differs')}; without a down: ${count((m) => m.down === 'none')}`,
  );
  const perRule = new Map<string, number>();
  for (const f of r.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  console.log(`  findings: ${JSON.stringify(Object.fromEntries(perRule))}`);
  for (const rule of ['verify-up-fails', 'verify-skipped', 'verify-down-mismatch', 'verify-up-not-repeatable']) {
    const fs = r.findings.filter((f) => f.ruleId === rule);
    for (const f of fs.slice(0, SHOWN)) console.log(`  ${rule} ${relative(corpus, f.file)}:${f.start.line}:${f.start.column}\n    ${f.message}`);
    if (fs.length > SHOWN) console.log(`  … and ${fs.length - SHOWN} more ${rule}`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}`);
  await templateStarts();
  const repos = readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (only.length === 0 || only.includes(d.name)))
    .map((d) => d.name)
    .sort();
  const config = resolveConfig({}, undefined, corpus);
  for (const repo of repos) {
    const t0 = performance.now();
    const r = await verify({ cwd: corpus, config, paths: [repo] });
    summary(repo, r, performance.now() - t0);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
