// Concurrent deploys: 8 `migrationlint apply` processes started at once on the same database
// and migration set, 20 times over (a fresh database each time). Each migration is applied
// exactly once, by one process; every process exits 0 (the others waited for the advisory
// lock and then found nothing, or less, to do); no failed row is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atATime } from '../helpers/at-a-time.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { startApply } from './apply-proc.js';
import { readState, violations } from './invariants.js';
import { generateKillSet, writeKillSet } from './kill-set.js';

const PROCESSES = 8;
const REPETITIONS = 20;
/**
 * Repetitions run two at a time, each on its own database: while one's processes wait out the
 * engine's lock poll (500 ms) the other's start. 2 × 8 processes × 2 sessions stay under the
 * test server's max_connections (40).
 */
const AT_ONCE = 2;

const postgres = usePostgres();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-concurrent-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('concurrent deploys on a real PostgreSQL', () => {
  it(`${PROCESSES} processes at once, ${REPETITIONS} times: every migration applied exactly once, all exit 0`, { timeout: 900_000 }, async (ctx) => {
    const server = postgres(ctx);
    const set = generateKillSet({ count: 12, sleep: 0.02, concurrentEvery: 4, slowEvery: 3 });
    writeKillSet(dir, set);
    const problems: string[] = [];
    let waited = 0;
    const repetition = async (rep: number) => {
      const url = await server.createDatabase(`conc${rep}`);
      const procs = Array.from({ length: PROCESSES }, () => startApply(dir, ['apply', '--database-url', url, '--format', 'json', '--lock-wait', '300']));
      const results = await Promise.all(procs.map((p) => p.done));
      const doneBy = new Map<string, number>();
      results.forEach((r, i) => {
        if (r.code !== 0) problems.push(`repetition ${rep}, process ${i}: exit ${r.code}: ${r.stderr.slice(-400)}`);
        for (const e of procs[i]!.events()) {
          if (e.type === 'done') doneBy.set(String(e.version), (doneBy.get(String(e.version)) ?? 0) + 1);
          if (e.type === 'lock-wait') waited++;
        }
      });
      for (const m of set) if (doneBy.get(m.version) !== 1) problems.push(`repetition ${rep}: ${m.version} applied by ${doneBy.get(m.version) ?? 0} processes`);
      const admin = await server.admin(decodeURIComponent(new URL(url).pathname.slice(1)));
      try {
        const state = await readState(admin);
        for (const v of violations(set, state)) problems.push(`repetition ${rep}: ${v}`);
        const rows = state.rows.filter((r) => r.status !== 'applied');
        if (rows.length > 0) problems.push(`repetition ${rep}: ${rows.length} rows that are not 'applied'`);
        if (state.rows.length !== set.length) problems.push(`repetition ${rep}: ${state.rows.length} history rows for ${set.length} migrations`);
      } finally {
        await admin.end();
      }
    };
    await atATime(Array.from({ length: REPETITIONS }, (_, rep) => rep), AT_ONCE, repetition);
    console.info(`concurrent deploys: ${REPETITIONS} × ${PROCESSES} processes, ${waited} lock waits, ${problems.length} problems`);
    expect(problems).toEqual([]);
    // The processes really overlapped: most of them had to wait for the lock.
    expect(waited).toBeGreaterThan(REPETITIONS);
  });
});
