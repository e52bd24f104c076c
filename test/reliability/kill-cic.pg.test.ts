// SIGKILL of `migrationlint apply` during CREATE INDEX CONCURRENTLY (no IF NOT EXISTS), on a
// real PostgreSQL. The server goes on with the build after its client died; the next run waits
// for that server process (found by the pid the server keeps for the session lock, whatever
// application_name a migration set), reads pg_index, and records what really happened: the
// build finished → the statement counts as done and --retry-failed resumes after it; the build
// was terminated → the row names the INVALID index left and --retry-failed drops and rebuilds it.
import { describe, expect, it } from 'vitest';
import { MIGRATION_SESSION, terminate, waitForStatement } from './sessions.js';
import { faultProjects, nextEvent, openWriter, TABLE_ORDERS } from './fault-project.js';

const project = faultProjects();

const FILES = {
  '001_create_orders.sql': TABLE_ORDERS,
  '002_index_orders.sql': 'CREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref);\n\nCREATE INDEX CONCURRENTLY orders_id_ref_idx ON orders (id, ref);\n',
};
// No lock_timeout: the build waits for the writer as long as it stays.
const SETTINGS = { lockTimeout: '0' };

/** Applies 001, opens a writer on orders, starts apply and SIGKILLs it while its build of orders_ref_idx waits; returns the build's server pid. */
async function killDuringBuild(p: Awaited<ReturnType<typeof project>>, app = MIGRATION_SESSION) {
  expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
  const writer = await openWriter(p.server, p.database, 'orders');
  const run = p.run('apply');
  const pid = await waitForStatement(p.admin, p.database, app, 'CREATE INDEX CONCURRENTLY orders_ref_idx%', run.exited);
  run.kill();
  expect((await run.done).signal).toBe('SIGKILL');
  return { writer, pid };
}

describe('SIGKILL during CREATE INDEX CONCURRENTLY', () => {
  it('the build finishes on the server: the next run records statement 1 as done; --retry-failed resumes at statement 2', async (ctx) => {
    const p = await project(ctx, FILES, SETTINGS);
    const { writer } = await killDuringBuild(p);
    expect(await p.history('002')).toMatchObject({ status: 'failed', statements_done: 0, error: 'interrupted: the run stopped before this migration finished' });
    await writer.commit();
    // The next run waits for the leftover build, then reads pg_index.
    const plain = p.run('apply');
    const res = await plain.done;
    expect(res.code, res.stderr).toBe(1);
    expect(plain.events().some((e) => e.type === 'info' && String(e.message).includes('002 index_orders: statement 1 (CREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref)) finished on the server after its run stopped; recorded as done'))).toBe(true);
    expect(res.stderr).toMatch(/002 index_orders failed at statement 2 of 2[\s\S]*interrupted after statement 1 \(CREATE INDEX CONCURRENTLY orders_ref_idx ON orders \(ref\)\), which finished on the server after the run stopped; `migrationlint apply --retry-failed` resumes at statement 2/);
    expect(await p.history('002')).toMatchObject({ status: 'failed', statements_done: 1, statements_total: 2 });
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders {2}failed \(blocking\)/);

    const resumed = await p.run('apply', ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toMatch(/42P07|already exists/);
    expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 2, error: null });
    expect(await p.index('orders_id_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders {2}applied {2}/);
  });

  it('the build is terminated on the server: the row names the INVALID index; --retry-failed drops it and builds both', async (ctx) => {
    const p = await project(ctx, FILES, SETTINGS);
    const { writer, pid } = await killDuringBuild(p);
    await terminate(p.admin, pid);
    await writer.commit();
    const plain = await p.run('apply').done;
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stderr).toMatch(
      /002 index_orders failed at statement 1 of 2[\s\S]*interrupted during statement 1 \(CREATE INDEX CONCURRENTLY orders_ref_idx ON orders \(ref\)\): it did not finish on the server and left the INVALID index public\.orders_ref_idx \(indisvalid = f, indisready = [tf]\); `migrationlint apply --retry-failed` drops it and runs statement 1 again/,
    );
    expect(await p.history('002')).toMatchObject({ status: 'failed', statements_done: 0, statements_total: 2 });
    expect((await p.index('orders_ref_idx'))?.valid).toBe(false);
    expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders {2}failed \(blocking\)/);

    const resumed = p.run('apply', ['--retry-failed']);
    const res = await resumed.done;
    expect(res.code, res.stderr).toBe(0);
    expect(resumed.events().some((e) => e.type === 'info' && e.message === 'dropped the INVALID index public.orders_ref_idx that an earlier attempt of statement 1 left')).toBe(true);
    expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 2, error: null });
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.index('orders_id_ref_idx')).toEqual({ valid: true, ready: true });
  });

  it('a migration that renamed its session: the next run still waits for the build (by pid), then records it', async (ctx) => {
    const p = await project(
      ctx,
      {
        '001_create_orders.sql': TABLE_ORDERS,
        '002_index_orders.sql':
          "-- migrationlint-ignore-file mixed-transactional-statements -- the SET is only here to rename the session\nSET application_name = 'renamed-by-migration';\n\nCREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref);\n",
      },
      SETTINGS,
    );
    const { writer, pid } = await killDuringBuild(p, 'renamed-by-migration');
    const next = p.run('apply', ['--retry-failed', '--lock-wait', '120']);
    // It waits for the build's server process, named by its pid, instead of resuming under it.
    const wait = await nextEvent(next, 'lock-wait');
    expect(String(wait?.holder)).toContain(`the last statement of an earlier run: server pid ${pid}, active`);
    await writer.commit();
    const res = await next.done;
    expect(res.code, res.stderr).toBe(0);
    expect(next.events().some((e) => e.type === 'info' && String(e.message).includes('its last statement 2 (CREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref)) finished on the server after its run stopped; recorded as applied'))).toBe(true);
    expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 2, statements_total: 2, error: null });
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
    expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders {2}applied {2}/);
  });
});
