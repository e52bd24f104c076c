// Apply overhead per migration: N trivial migrations applied by the migrationlint engine (lint
// gate, history table, locks, one transaction per migration) against the same statements run
// bare — on PGlite with exec() of each migration in a transaction, on PostgreSQL with `psql -f`
// of the same transactions on the same server. The engine runs in this process after a warm-up
// run, so the figures are the per-migration cost, not node's start-up or the parser's load.
// Each target is measured with N/4 and N migrations: a per-migration cost that grows with N
// grows with the schema (the engine snapshots it after each migration for the history's diff;
// apply.schemaDiff false turns that off).
// `npm run bench -- --only apply` prints the table (bench/run.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { apply, type ApplyOptions } from '../src/apply/engine.js';
import { loadConfig } from '../src/config.js';
import { resetPglite } from '../test/helpers/pglite.js';
import { startPostgres, type PgServer } from '../test/helpers/postgres.js';
import { percentile } from './stats.js';

export interface ApplyOverheadOptions {
  /** N: the most migrations applied; N/4 too. */
  migrations: number;
  /** Timed runs of each side (after one warm-up run); the median is reported. */
  runs: number;
  onProgress?: (line: string) => void;
}

interface Project {
  dir: string;
  /** Each migration's text, in order. */
  texts: string[];
  /** The same statements as one script: one transaction per migration. */
  script: string;
}

function makeProject(count: number): Project {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-bench-apply-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations' }));
  const texts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, '0');
    const text = `CREATE TABLE bench_${n} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);\n`;
    writeFileSync(join(dir, 'migrations', `${n}_create_bench_${n}.sql`), text);
    texts.push(text);
  }
  const script = texts.map((t) => `BEGIN;\n${t}COMMIT;\n`).join('');
  return { dir, texts, script };
}

async function timedMs(action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** One warm-up, then the median of `runs`; `fresh` gives each run an empty database. */
async function medianOf<T>(runs: number, fresh: () => Promise<T>, action: (target: T) => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const target = await fresh();
    const ms = await timedMs(() => action(target));
    if (i > 0) times.push(ms);
  }
  return percentile(times, 50);
}

async function engineApply(project: Project, options: Partial<ApplyOptions>): Promise<void> {
  const config = await loadConfig({ cwd: project.dir });
  const out = await apply({ cwd: project.dir, config, env: {}, ...options });
  if (out.exitCode !== 0 || out.done.length !== project.texts.length) {
    throw new Error(`the engine applied ${out.done.length} of ${project.texts.length} migrations: ${out.refused?.message ?? out.failed?.error ?? `exit ${out.exitCode}`}`);
  }
}

export interface OverheadRow {
  target: string;
  migrations: number;
  baseline: string;
  engineMs: number;
  baselineMs: number;
}

async function onPglite(project: Project, runs: number): Promise<OverheadRow> {
  const db = new PGlite();
  await db.waitReady;
  try {
    const fresh = async () => {
      await resetPglite(db);
      return db;
    };
    const engineMs = await medianOf(runs, fresh, (pglite) => engineApply(project, { pglite }));
    const baselineMs = await medianOf(runs, fresh, async (pglite) => {
      for (const text of project.texts) await pglite.exec(`BEGIN;\n${text}COMMIT;`);
    });
    return { target: 'PGlite (in process)', migrations: project.texts.length, baseline: 'exec() per migration', engineMs, baselineMs };
  } finally {
    await db.close();
  }
}

function psqlScript(url: string, file: string): void {
  const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`psql -f exited ${run.status}: ${run.stderr.slice(-500)}`);
}

async function onPostgres(project: Project, server: PgServer, runs: number): Promise<OverheadRow> {
  const scriptFile = join(project.dir, 'all.sql');
  writeFileSync(scriptFile, project.script);
  const fresh = () => server.createDatabase('bench_apply');
  const engineMs = await medianOf(runs, fresh, (databaseUrl) => engineApply(project, { databaseUrl }));
  const baselineMs = await medianOf(runs, fresh, async (url) => psqlScript(url, scriptFile));
  return { target: 'PostgreSQL (127.0.0.1)', migrations: project.texts.length, baseline: 'psql -f', engineMs, baselineMs };
}

function psqlMissing(): string | undefined {
  const probe = spawnSync('psql', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? 'psql is not installed' : undefined;
}

/** The apply table's rows (header first) and notes, e.g. why PostgreSQL was not measured. */
export async function applyOverhead(options: ApplyOverheadOptions): Promise<{ rows: string[][]; notes: string[] }> {
  const projects = [...new Set([Math.max(1, Math.round(options.migrations / 4)), options.migrations])].map(makeProject);
  const measured: OverheadRow[] = [];
  const notes: string[] = [];
  try {
    for (const project of projects) {
      options.onProgress?.(`apply: PGlite, ${project.texts.length} migrations`);
      measured.push(await onPglite(project, options.runs));
    }
    const missing = psqlMissing();
    const started = missing ? { skipped: missing } : await startPostgres();
    if ('skipped' in started) {
      notes.push(`PostgreSQL: not available (${started.skipped.split('\n')[0]})`);
    } else {
      try {
        for (const project of projects) {
          options.onProgress?.(`apply: PostgreSQL on port ${started.server.port}, ${project.texts.length} migrations`);
          measured.push(await onPostgres(project, started.server, options.runs));
        }
      } finally {
        await started.server.stop();
      }
    }
  } finally {
    for (const project of projects) rmSync(project.dir, { recursive: true, force: true });
  }
  const rows = [
    ['apply overhead', 'migrations', 'migrationlint engine ms', 'baseline', 'baseline ms', 'overhead ms per migration'],
    ...measured.map((r) => [r.target, String(r.migrations), r.engineMs.toFixed(0), r.baseline, r.baselineMs.toFixed(0), ((r.engineMs - r.baselineMs) / r.migrations).toFixed(2)]),
  ];
  return { rows, notes };
}
