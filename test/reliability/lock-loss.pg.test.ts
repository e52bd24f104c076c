// Two ways a second run could overlap the first on a real PostgreSQL, and why it does not:
// - the first run's lock session is terminated while it applies: the first run notices
//   before COMMIT, rolls back and stops; the second takes the lock, waits for the first's
//   migration session to finish, and applies everything exactly once;
// - the first run is killed while CREATE INDEX CONCURRENTLY runs: its backend goes on with
//   the statement; the second run waits for it before reading the history and resuming.
import { describe, expect, it } from 'vitest';
import { startApply, type ApplyProc } from './apply-proc.js';
import { HOLD_SET, holdProjectsOnPostgres, type HoldProject } from './hold.js';
import { eventually, leftoverSessions, lockHeld, readState, violations } from './invariants.js';
import { LOCK_SESSION, MIGRATION_SESSION, sessionPid, terminate, waitForStatement } from './sessions.js';

const setup = holdProjectsOnPostgres();

const apply = (p: HoldProject, extra: string[] = []) => startApply(p.dir, ['apply', '--database-url', p.url, '--format', 'json', '--lock-wait', '120', ...extra]);

/** Resolves once the process reports it waits for an earlier run's statement. */
async function waitingForLeftover(run: ApplyProc): Promise<void> {
  const ok = await eventually(async () => run.exited() || run.events().some((e) => e.type === 'lock-wait' && /earlier run/.test(String(e.holder))), 120);
  expect(ok && !run.exited(), `${run.stderr()}\n${JSON.stringify(run.events())}`).toBe(true);
}

describe('a second run never overlaps the first', () => {
  it('the lock session is terminated mid-apply: the first run rolls back and stops, the second applies each migration once', async (ctx) => {
    const { p } = await setup(ctx);
    await p.hold('002');
    const first = apply(p);
    await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('002')", first.exited);
    await terminate(p.admin, await sessionPid(p.admin, p.database, LOCK_SESSION));
    expect(await eventually(async () => !(await lockHeld(p.admin, p.database)), 10)).toBe(true);
    const second = apply(p);
    // The lock is free, but the first run's migration is still open: the second waits for it.
    await waitingForLeftover(second);
    expect(second.events().some((e) => e.type === 'start')).toBe(false);
    await p.release();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(1);
    expect(a.stderr).toMatch(/Lost the migration lock/);
    expect(a.stderr).not.toMatch(/^\s+at /m);
    expect(b.code, b.stderr).toBe(0);
    const state = await readState(p.admin);
    expect(violations(HOLD_SET, state)).toEqual([]);
    expect(state.rows.map((r) => `${r.version} ${r.status}`)).toEqual(['001 applied', '002 applied', '003 applied', '004 applied']);
    expect([...state.effectRows.values()]).toEqual([1, 1, 1]);
  });

  it('a killed run leaves CREATE INDEX CONCURRENTLY running: the next run waits for it, then resumes', async (ctx) => {
    const { server, p } = await setup(ctx);
    const setupRun = await apply(p, ['--to', '002']).done;
    expect(setupRun.code, setupRun.stderr).toBe(0);
    const writer = await server.admin(p.database);
    try {
      await writer.query("BEGIN; INSERT INTO t_002 (label) VALUES ('in flight')");
      const killed = apply(p);
      await waitForStatement(p.admin, p.database, MIGRATION_SESSION, 'CREATE INDEX CONCURRENTLY%ix_t_002_label%', killed.exited);
      killed.kill();
      await killed.done;
      // Its lock session died with the process; its index build did not.
      expect(await eventually(async () => !(await lockHeld(p.admin, p.database)), 10)).toBe(true);
      expect(await leftoverSessions(p.admin, p.database)).toBe(1);
      const next = apply(p, ['--retry-failed']);
      await waitingForLeftover(next);
      expect(next.events().some((e) => e.type === 'start')).toBe(false);
      await writer.query('COMMIT');
      const res = await next.done;
      expect(res.code, res.stderr).toBe(0);
    } finally {
      await writer.end();
    }
    const state = await readState(p.admin);
    expect(violations(HOLD_SET, state)).toEqual([]);
    expect(state.indexes.get('ix_t_002_label')).toBe(true);
    expect(state.rows.filter((r) => r.version === '003').map((r) => r.status)).toEqual(['failed', 'applied']);
  });
});
