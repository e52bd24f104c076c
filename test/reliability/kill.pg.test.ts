// SIGKILL `migrationlint apply` at random moments, over and over, on a real PostgreSQL: ~50
// migrations (transactional ones, CREATE INDEX CONCURRENTLY ones run statement by statement —
// half of them without IF NOT EXISTS, so a resume that ran a finished build again would fail —
// some slowed by pg_sleep). Each run starts from where the killed one left the database.
// After every kill: the database matches its history exactly (no half-applied transactional
// migration, nothing applied twice or out of order), no migrationlint session is left, the
// advisory lock is free; every run that is not killed exits 0; and at regular points a plain
// re-run refuses a half-done statement-by-statement migration while --retry-failed completes
// the set, giving the same schema as one uninterrupted run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random, type Random } from '../../bench/fuzz-inputs.js';
import { type PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { catalog } from '../apply/util.js';
import { startApply } from './apply-proc.js';
import { eventually, leftoverSessions, lockHeld, readState, violations } from './invariants.js';
import { generateKillSet, writeKillSet } from './kill-set.js';

/** Kills that land after the process connected (while it lints, locks and applies). */
const KILLS = Number(process.env.MIGRATIONLINT_KILL_CYCLES ?? 200);
/** Two databases killed in turn: one lane's CLI start-up overlaps the other's apply. */
const LANES = 2;
const COMPLETE_EVERY = 25;

const postgres = usePostgres();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-kill-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const query = (c: pg.Client) => async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as Array<Record<string, unknown>>;

interface Figures {
  kills: number;
  killsBeforeConnect: number;
  killsDuringStatementMigration: number;
  /** Kills inside a migration whose index builds have no IF NOT EXISTS. */
  killsDuringNonIdempotentBuilds: number;
  /** Plain re-runs over a half-done migration whose last build had finished on the server: recorded as applied, not refused. */
  finishedOnServer: number;
  completedRuns: number;
  resumedRuns: number;
  refusedPlainReruns: number;
  violations: string[];
}

async function reset(admin: pg.Client, user: string): Promise<void> {
  await admin.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION ${user}`);
}

describe('SIGKILL during apply, on a real PostgreSQL', () => {
  it(`${KILLS} kills at random moments: the database always matches its history`, { timeout: 1_200_000 }, async (ctx) => {
    const server: PgServer = postgres(ctx);
    const set = generateKillSet();
    writeKillSet(dir, set);
    expect(set.filter((m) => !m.transactional).length).toBeGreaterThan(5);

    // One uninterrupted run: the reference schema, and how long applying takes.
    const refUrl = await server.createDatabase('killref');
    const ref = startApply(dir, ['apply', '--database-url', refUrl, '--format', 'json']);
    await ref.connected;
    const t0 = performance.now();
    const refRun = await ref.done;
    // How long applying takes, re-estimated from every run that finished before its kill.
    let applyMs = performance.now() - t0;
    expect(refRun.code, refRun.stderr).toBe(0);
    const refAdmin = await server.admin(dbName(refUrl));
    const reference = await catalog(query(refAdmin));
    await refAdmin.end();

    const figures: Figures = { kills: 0, killsBeforeConnect: 0, killsDuringStatementMigration: 0, killsDuringNonIdempotentBuilds: 0, finishedOnServer: 0, completedRuns: 1, resumedRuns: 0, refusedPlainReruns: 0, violations: [] };
    const lane = async (n: number, r: Random) => {
      const url = await server.createDatabase(`kill${n}`);
      const db = dbName(url);
      const admin = await server.admin(db);
      const bad = (what: string) => figures.violations.push(`lane ${n}, kill ${figures.kills}: ${what}`);
      const run = (extra: string[]) => startApply(dir, ['apply', '--database-url', url, '--format', 'json', '--lock-wait', '120', ...extra]);
      const settle = async () => {
        if (!(await eventually(async () => (await leftoverSessions(admin, db)) === 0, 120))) bad('a migrationlint session is still connected 120 s after the kill');
        if (!(await eventually(async () => !(await lockHeld(admin, db)), 10))) bad('the advisory lock is still held 10 s after its process died');
        return readState(admin);
      };
      const complete = async () => {
        const state = await settle();
        const blocked = state.rows.at(-1)?.status === 'failed';
        const plain = await run([]).done;
        if (blocked && plain.code === 0 && plain.stdout.includes('finished on the server after its run stopped; recorded as applied')) {
          figures.finishedOnServer++;
        } else if (blocked) {
          if (plain.code !== 1 || !plain.stderr.includes('--retry-failed')) bad(`a plain re-run over a half-done migration gave ${plain.code}: ${plain.stderr.slice(-300)}`);
          else figures.refusedPlainReruns++;
          const resumed = await run(['--retry-failed']).done;
          if (resumed.code !== 0) bad(`apply --retry-failed gave ${resumed.code}: ${resumed.stderr.slice(-500)}`);
        } else if (plain.code !== 0) {
          bad(`a re-run gave ${plain.code}: ${plain.stderr.slice(-500)}`);
        }
        figures.completedRuns++;
        const after = await readState(admin);
        const applied = new Set(after.rows.filter((x) => x.status === 'applied').map((x) => x.version));
        if (applied.size !== set.length) bad(`after the completing run ${applied.size} of ${set.length} are applied`);
        const got = await catalog(query(admin));
        if (JSON.stringify(got) !== JSON.stringify(reference)) bad('after the completing run the schema differs from an uninterrupted run');
        await reset(admin, server.user);
      };
      let retry = false;
      let sinceComplete = 0;
      try {
        while (figures.kills < KILLS) {
          const p = run(retry ? ['--retry-failed'] : []);
          if (retry) figures.resumedRuns++;
          const early = r() < 0.05;
          const connectedAt = { at: 0 };
          if (early) await sleep(r() * 600);
          else {
            await p.connected;
            connectedAt.at = performance.now();
            await sleep(r() * applyMs);
          }
          p.kill();
          const res = await p.done;
          if (res.signal !== 'SIGKILL') {
            // Finished before the kill: it must have succeeded.
            if (res.code !== 0) bad(`a run that was not killed exited ${res.code}: ${res.stderr.slice(-500)}`);
            else if (JSON.stringify(await catalog(query(admin))) !== JSON.stringify(reference)) bad('a completed run left a schema that differs from an uninterrupted run');
            figures.completedRuns++;
            if (connectedAt.at > 0) applyMs = 0.5 * applyMs + 0.5 * (performance.now() - connectedAt.at);
            await reset(admin, server.user);
            retry = false;
            continue;
          }
          if (early && !p.events().some((e) => e.type === 'connect')) figures.killsBeforeConnect++;
          else figures.kills++;
          const state = await settle();
          for (const v of violations(set, state)) bad(v);
          const last = state.rows.at(-1);
          retry = last?.status === 'failed';
          if (retry) figures.killsDuringStatementMigration++;
          if (retry && set.find((m) => m.version === last?.version)?.name.endsWith('_once')) figures.killsDuringNonIdempotentBuilds++;
          if (++sinceComplete >= COMPLETE_EVERY) {
            sinceComplete = 0;
            await complete();
            retry = false;
          }
        }
        await complete();
      } finally {
        await admin.end();
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n, random(4242 + n))));
    console.info(`kill test: ${JSON.stringify({ ...figures, violations: figures.violations.length, applyMs: Math.round(applyMs) })}`);
    expect(figures.violations).toEqual([]);
    expect(figures.kills).toBeGreaterThanOrEqual(KILLS);
    // Kills also landed inside statement-by-statement migrations, and resumes happened.
    expect(figures.killsDuringStatementMigration).toBeGreaterThan(0);
    expect(figures.resumedRuns).toBeGreaterThan(0);
    // Some of them inside builds without IF NOT EXISTS (over the default 200 kills: ~30 land in statement-by-statement migrations).
    if (KILLS >= 100) expect(figures.killsDuringNonIdempotentBuilds).toBeGreaterThan(0);
  });
});
