// The server side of an interruption, on a real PostgreSQL: the migration's backend
// terminated from another session (pg_terminate_backend) — inside a transaction, between
// statements run on their own, and inside CREATE INDEX CONCURRENTLY — and the server
// restarted mid-apply (pg_ctl restart -m fast, and -m immediate: a crash). Each time apply
// exits 1 with a clear message, the database matches its history, the lock is free, and the
// documented way out (a re-run; --retry-failed, which drops the INVALID index an interrupted
// build left) completes the set.
import { describe, expect, it } from 'vitest';
import type { PgServer } from '../helpers/postgres.js';
import { startApply } from './apply-proc.js';
import { HOLD_SET, holdProjectsOnPostgres, type HoldProject } from './hold.js';
import { eventually, lockHeld, readState, violations } from './invariants.js';
import { MIGRATION_SESSION, terminate, waitForStatement } from './sessions.js';

const setup = holdProjectsOnPostgres();

const apply = (p: HoldProject, extra: string[] = []) => startApply(p.dir, ['apply', '--database-url', p.url, '--format', 'json', ...extra]);

function expectCleanFailure(run: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at |internal error/m);
}

/** The invariants, on a fresh admin connection (the old one may have died with the server). */
async function expectConsistent(server: PgServer, p: HoldProject): Promise<ReturnType<typeof violations>> {
  const admin = await server.admin(p.database);
  try {
    expect(await eventually(async () => !(await lockHeld(admin, p.database)), 10)).toBe(true);
    const state = await readState(admin);
    expect(violations(HOLD_SET, state)).toEqual([]);
    return state.rows.map((r) => `${r.version} ${r.status} ${r.statements_done}/${r.statements_total}`);
  } finally {
    await admin.end();
  }
}

describe('pg_terminate_backend of the migration session', () => {
  it('inside a transaction: nothing of the migration remains; a re-run completes', async (ctx) => {
    const { server, p } = await setup(ctx);
    await p.hold('002');
    const run = apply(p);
    const pid = await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('002')", run.exited);
    await terminate(p.admin, pid);
    expectCleanFailure(await run.done, /terminat/i);
    expect(await expectConsistent(server, p)).toEqual(['001 applied 2/2']);
    await p.release();
    const again = await apply(p).done;
    expect(again.code, again.stderr).toBe(0);
    expect((await expectConsistent(server, p)).filter((r) => r.includes('applied')).length).toBe(4);
  });

  it('between statements run on their own: the row blocks plain runs; --retry-failed resumes there', async (ctx) => {
    const { server, p } = await setup(ctx);
    await p.hold('003');
    const run = apply(p);
    const pid = await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('003')", run.exited);
    await terminate(p.admin, pid);
    expectCleanFailure(await run.done, /terminat/i);
    expect(await expectConsistent(server, p)).toEqual(['001 applied 2/2', '002 applied 3/3', '003 failed 1/3']);
    await p.release();
    const plain = await apply(p).done;
    expectCleanFailure(plain, /003 hold_between_indexes failed at statement 2 of 3[\s\S]*--retry-failed/);
    const resumed = await apply(p, ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await expectConsistent(server, p)).toContain('003 applied 3/3');
  });

  it('inside CREATE INDEX CONCURRENTLY: the next run names the INVALID index left; --retry-failed drops it and resumes', async (ctx) => {
    const { server, p } = await setup(ctx);
    const first = await apply(p, ['--to', '002']).done;
    expect(first.code, first.stderr).toBe(0);
    // A writer's open transaction makes the index build wait, so it can be caught running.
    const writer = await server.admin(p.database);
    await writer.query("BEGIN; INSERT INTO t_002 (label) VALUES ('in flight')");
    const run = apply(p);
    const pid = await waitForStatement(p.admin, p.database, MIGRATION_SESSION, 'CREATE INDEX CONCURRENTLY%ix_t_002_label%', run.exited);
    await terminate(p.admin, pid);
    expectCleanFailure(await run.done, /terminat/i);
    await writer.query('COMMIT');
    await writer.end();
    const state = await readState(p.admin);
    expect(state.indexes.get('ix_t_002_label')).toBe(false);
    expect(state.rows.at(-1)).toMatchObject({ version: '003', status: 'failed', statements_done: 0 });
    // pg_index, read by the next run, says what the interrupted statement left.
    const plain = await apply(p).done;
    expectCleanFailure(plain, /left the INVALID index public\.ix_t_002_label \(indisvalid = f, indisready = [tf]\); `migrationlint apply --retry-failed` drops it and runs statement 1 again/);
    // IF NOT EXISTS would pass over the INVALID index: --retry-failed drops it first.
    const resumed = apply(p, ['--retry-failed']);
    const res = await resumed.done;
    expect(res.code, res.stderr).toBe(0);
    expect(resumed.events().some((e) => e.type === 'info' && e.message === 'dropped the INVALID index public.ix_t_002_label that an earlier attempt of statement 1 left')).toBe(true);
    expect(await expectConsistent(server, p)).toContain('003 applied 3/3');
  });
});

describe('the server restarts mid-apply', () => {
  it('pg_ctl restart -m fast inside a transaction: exit 1, nothing half-applied, a re-run completes', async (ctx) => {
    const { server, p } = await setup(ctx);
    await p.hold('002');
    const run = apply(p);
    await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('002')", run.exited);
    await p.admin.end().catch(() => undefined);
    await server.restart('fast');
    expectCleanFailure(await run.done, /terminat|shut ?down|connection/i);
    p.admin = await server.admin(p.database);
    p.admin.on('error', () => undefined);
    expect(await expectConsistent(server, p)).toEqual(['001 applied 2/2']);
    await p.release();
    const again = await apply(p).done;
    expect(again.code, again.stderr).toBe(0);
    expect((await expectConsistent(server, p)).filter((r) => r.includes('applied')).length).toBe(4);
  });

  it('pg_ctl restart -m immediate (a crash) between statements run on their own: --retry-failed completes', async (ctx) => {
    const { server, p } = await setup(ctx);
    const first = await apply(p, ['--to', '002']).done;
    expect(first.code, first.stderr).toBe(0);
    await p.hold('003');
    const run = apply(p);
    await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('003')", run.exited);
    await p.admin.end().catch(() => undefined);
    await server.restart('immediate');
    expectCleanFailure(await run.done, /terminat|shut ?down|connection|closed/i);
    p.admin = await server.admin(p.database);
    p.admin.on('error', () => undefined);
    expect(await expectConsistent(server, p)).toEqual(['001 applied 2/2', '002 applied 3/3', '003 failed 1/3']);
    await p.release();
    const resumed = await apply(p, ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await expectConsistent(server, p)).toContain('004 applied 2/2');
  });
});
