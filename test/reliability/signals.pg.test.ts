// SIGINT (Ctrl-C) and SIGTERM (CI runners, Kubernetes) sent to the real CLI process while a
// slow statement runs on a real PostgreSQL, in a transactional and in a statement-by-statement
// migration. The statement is cancelled on the server (pg_cancel_backend from the lock
// session), the history records exactly what took effect (pg_index for an interrupted CREATE
// INDEX CONCURRENTLY), the advisory lock is released, `interrupted: …` is printed (and a final
// `result` event with --format json) and the exit code is 130 / 143. A second signal exits at once.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { faultProjects, openWriter, TABLE_ORDERS, type FaultProject } from './fault-project.js';
import { installHold } from './hold.js';
import { eventually, lockHeld } from './invariants.js';
import { MIGRATION_SESSION, waitForStatement } from './sessions.js';

const project = faultProjects();

const MIXED = '-- migrationlint-ignore-file mixed-transactional-statements -- hold() only waits; statements 1 and 3 are index builds\n';
const SLOW_TX = { '001_create_orders.sql': TABLE_ORDERS, '002_slow.sql': "INSERT INTO orders (ref) VALUES ('002');\n\nSELECT hold('002');\n" };
const SLOW_STATEMENTS = {
  '001_create_orders.sql': TABLE_ORDERS,
  '002_slow_index.sql': `${MIXED}CREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref);\n\nSELECT hold('002');\n\nCREATE INDEX CONCURRENTLY orders_id_ref_idx ON orders (id, ref);\n`,
};
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function holdProject(ctx: { skip: (note?: string) => never }, files: Record<string, string>, apply: Record<string, unknown> = {}): Promise<FaultProject> {
  const p = await project(ctx, files, apply);
  await installHold(p.admin, p.server.user);
  await p.admin.query("INSERT INTO hold_on VALUES ('002')");
  return p;
}

async function active(admin: pg.Client, database: string, like: string): Promise<boolean> {
  const r = await admin.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query ILIKE $2 AND pid <> pg_backend_pid()", [database, like]);
  return r.rows.length > 0;
}

/**
 * Starts apply, waits until its migration session runs a statement like `like`, sends the
 * signal and measures, from that moment: the statement no longer active, the row recorded,
 * the process gone (ms).
 */
async function interruptDuring(p: FaultProject, args: string[], sig: 'SIGINT' | 'SIGTERM', like: string, recorded: () => Promise<boolean>) {
  const proc = p.run('apply', args);
  await waitForStatement(p.admin, p.database, MIGRATION_SESSION, like, proc.exited);
  // Its own connection, so the two are watched side by side.
  const watcher = await p.server.admin(p.database);
  const t0 = performance.now();
  const at: { cancelled?: number; recorded?: number; exited?: number } = {};
  void proc.done.then(() => (at.exited = performance.now() - t0));
  const until = async (key: 'cancelled' | 'recorded', check: () => Promise<boolean>) => {
    while (at[key] === undefined && at.exited === undefined) {
      if (await check()) at[key] = performance.now() - t0;
      else await sleep(2);
    }
  };
  proc.signal(sig);
  await Promise.all([until('cancelled', async () => !(await active(watcher, p.database, like))), until('recorded', recorded)]);
  await watcher.end();
  const result = await proc.done;
  const ms = (v: number | undefined) => (v === undefined ? 'not seen before exit' : `${Math.round(v)} ms`);
  console.info(`${sig}: signal sent 0 ms → statement cancelled ${ms(at.cancelled)} → row recorded ${ms(at.recorded)} → exit ${ms(at.exited)}`);
  return { result, proc };
}

async function expectReleased(p: FaultProject): Promise<void> {
  expect(await eventually(async () => !(await lockHeld(p.admin, p.database)), 10)).toBe(true);
  const busy = await p.admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'migrationlint%'", [p.database]);
  expect(busy.rows[0].n).toBe(0);
}

const failedRow = (p: FaultProject) => async () => (await p.history('002'))?.status === 'failed';
const finishedRow = (p: FaultProject) => async () => {
  const r = await p.admin.query("SELECT finished_at IS NOT NULL AS done FROM public.migrationlint_history WHERE version = '002' ORDER BY id DESC LIMIT 1");
  return r.rows[0]?.done === true;
};

describe('a signal during a transactional migration', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig}: the slow statement is cancelled, 002 rolled back and recorded, exit ${EXIT[sig]}`, async (ctx) => {
      const p = await holdProject(ctx, SLOW_TX);
      expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
      const json = sig === 'SIGTERM';
      const { result, proc } = await interruptDuring(p, json ? [] : ['--format', 'text'], sig, "SELECT hold('002')%", failedRow(p));
      expect(result.code, result.stderr).toBe(EXIT[sig]);
      if (json) {
        const events = proc.events();
        expect(events.find((e) => e.type === 'interrupted')).toMatchObject({ signal: sig, version: '002', rolledBack: true, message: '002 slow rolled back' });
        expect(events.at(-1)).toMatchObject({ type: 'result', exitCode: 143, interrupted: { signal: 'SIGTERM', message: '002 slow rolled back' } });
      } else {
        expect(result.stderr).toContain('interrupted: 002 slow rolled back\n');
      }
      expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
      const row = await p.history('002');
      expect(row).toMatchObject({ status: 'failed', execution_mode: 'transaction', statements_done: 1, statements_total: 2 });
      expect(row?.error).toBe(`interrupted by ${sig}: statement 2 was cancelled on the server (canceling statement due to user request (SQLSTATE 57014)); rolled back`);
      // Nothing of 002 took effect.
      expect((await p.admin.query("SELECT count(*)::int AS n FROM orders WHERE ref = '002'")).rows[0].n).toBe(0);
      await expectReleased(p);
      expect(await p.statusLine('002')).toMatch(/^002 {2}slow {2}failed$/);
      await p.admin.query('DELETE FROM hold_on');
      const again = await p.run('apply').done;
      expect(again.code, again.stderr).toBe(0);
      expect(await p.statusLine('002')).toMatch(/^002 {2}slow {2}applied {2}/);
    });
  }
});

describe('a signal during a statement-by-statement migration', () => {
  it('SIGTERM during a slow statement: it is cancelled, statement 1 recorded as done, --retry-failed resumes at statement 2', async (ctx) => {
    const p = await holdProject(ctx, SLOW_STATEMENTS);
    const { result } = await interruptDuring(p, ['--format', 'text'], 'SIGTERM', "SELECT hold('002')%", finishedRow(p));
    expect(result.code, result.stderr).toBe(143);
    expect(result.stderr).toContain('interrupted: 002 slow_index stopped at statement 2 of 3: statement 1 took effect; `migrationlint apply --retry-failed` resumes at statement 2\n');
    const row = await p.history('002');
    expect(row).toMatchObject({ status: 'failed', execution_mode: 'statements', statements_done: 1, statements_total: 3 });
    expect(row?.error).toBe('interrupted by SIGTERM: statement 2 was cancelled on the server (canceling statement due to user request (SQLSTATE 57014))');
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.index('orders_id_ref_idx')).toBeUndefined();
    await expectReleased(p);
    expect(await p.statusLine('002')).toMatch(/^002 {2}slow_index {2}failed \(blocking\)$/);
    await p.admin.query('DELETE FROM hold_on');
    const resumed = await p.run('apply', ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 3 });
    expect(await p.index('orders_id_ref_idx')).toEqual({ valid: true, ready: true });
  });

  it('SIGINT during CREATE INDEX CONCURRENTLY waiting for a writer: cancelled, its INVALID index checked in pg_index and recorded', async (ctx) => {
    const p = await holdProject(ctx, SLOW_STATEMENTS, { lockTimeout: '3s' });
    await p.admin.query('DELETE FROM hold_on');
    expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
    const writer = await openWriter(p.server, p.database, 'orders');
    const { result } = await interruptDuring(p, ['--format', 'text'], 'SIGINT', 'CREATE INDEX CONCURRENTLY orders_ref_idx%', finishedRow(p));
    expect(result.code, result.stderr).toBe(130);
    // The writer still holds the table, so the INVALID index cannot be dropped yet: the row says so.
    expect(result.stderr).toContain('interrupted: 002 slow_index stopped at statement 1 of 3: none of its statements took effect; `migrationlint apply --retry-failed` resumes at statement 1\n');
    const row = await p.history('002');
    expect(row).toMatchObject({ status: 'failed', statements_done: 0, statements_total: 3 });
    expect(row?.error).toBe(
      'interrupted by SIGINT: statement 1 was cancelled on the server (canceling statement due to user request (SQLSTATE 57014)); it left the INVALID index public.orders_ref_idx, which could not be dropped now: `migrationlint apply --retry-failed` drops it before running the statement again',
    );
    expect((await p.index('orders_ref_idx'))?.valid).toBe(false);
    await expectReleased(p);
    await writer.commit();
    const resumed = await p.run('apply', ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 3 });
  });
});

describe('a second signal', () => {
  it('exits at once (130); the server rolls the transaction back and the lock is free', async (ctx) => {
    const p = await holdProject(ctx, SLOW_TX);
    expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
    const proc = p.run('apply', ['--format', 'text']);
    await waitForStatement(p.admin, p.database, MIGRATION_SESSION, "SELECT hold('002')", proc.exited);
    proc.signal('SIGINT');
    proc.signal('SIGINT');
    const result = await proc.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGINT again: exiting now|interrupted: 002 slow rolled back/);
    await expectReleased(p);
    expect((await p.admin.query("SELECT count(*)::int AS n FROM orders WHERE ref = '002'")).rows[0].n).toBe(0);
    expect((await p.history('002'))?.status ?? 'none').not.toBe('applied');
  });
});
