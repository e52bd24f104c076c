// A lock-timeout retry of CREATE INDEX CONCURRENTLY on a real PostgreSQL, with and without IF
// NOT EXISTS, while another session holds an open write transaction on the table: the first
// attempt times out after PostgreSQL has created the (INVALID) catalog entry. The engine drops
// that index before it tries again, records applied only when pg_index says the index is valid
// and ready, and otherwise fails with the lock timeout as the cause, naming what is left.
import { describe, expect, it } from 'vitest';
import { faultProjects, nextEvent, openWriter, TABLE_ORDERS } from './fault-project.js';

const project = faultProjects();

for (const ifNotExists of [true, false]) {
  const cic = `CREATE INDEX CONCURRENTLY ${ifNotExists ? 'IF NOT EXISTS ' : ''}orders_ref_idx ON orders (ref);\n`;
  const files = { '001_create_orders.sql': TABLE_ORDERS, '002_index_orders_ref.sql': cic };
  const label = ifNotExists ? 'with IF NOT EXISTS' : 'without IF NOT EXISTS';

  describe(`lock-timeout retry of CREATE INDEX CONCURRENTLY ${label}`, () => {
    it('the writer ends during the backoff: the INVALID index is dropped, the retry builds a valid one, applied', async (ctx) => {
      const p = await project(ctx, files, { lockTimeout: '300ms', retries: 3 });
      expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
      const writer = await openWriter(p.server, p.database, 'orders');
      const run = p.run('apply');
      const retry = await nextEvent(run, 'retry');
      expect(retry?.error).toMatch(/lock timeout.*55P03/);
      await writer.commit();
      const done = await run.done;
      expect(done.code, done.stderr).toBe(0);
      const infos = run.events().filter((e) => e.type === 'info').map((e) => String(e.message));
      expect(infos).toContain('002: dropped the INVALID index public.orders_ref_idx that statement 1 left (DROP INDEX CONCURRENTLY IF EXISTS)');
      expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 1, statements_total: 1, error: null });
      expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
      expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders_ref {2}applied {2}/);
    });

    it('the writer stays: fails with the lock timeout, naming the INVALID index; --retry-failed drops it and builds it', async (ctx) => {
      const p = await project(ctx, files, { lockTimeout: '300ms', retries: 1 });
      expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
      const writer = await openWriter(p.server, p.database, 'orders');
      const run = await p.run('apply').done;
      expect(run.code, run.stderr).toBe(1);
      const row = await p.history('002');
      expect(row).toMatchObject({ status: 'failed', execution_mode: 'statements', statements_done: 0, statements_total: 1 });
      // The cause first; then what is left and how to get out.
      expect(row?.error).toMatch(
        /^canceling statement due to lock timeout \(SQLSTATE 55P03\) \(gave up after 2 attempts\); it left the INVALID index public\.orders_ref_idx, which could not be dropped now: `migrationlint apply --retry-failed` drops it before running the statement again$/,
      );
      expect(run.stderr).not.toMatch(/42P07|already exists/);
      expect(await p.index('orders_ref_idx')).toEqual({ valid: false, ready: false });
      expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders_ref {2}failed \(blocking\)/);

      await writer.commit();
      const resumed = p.run('apply', ['--retry-failed']);
      const res = await resumed.done;
      expect(res.code, res.stderr).toBe(0);
      expect(resumed.events().some((e) => e.type === 'info' && e.message === 'dropped the INVALID index public.orders_ref_idx that an earlier attempt of statement 1 left')).toBe(true);
      expect(await p.history('002')).toMatchObject({ status: 'applied', statements_done: 1, error: null });
      expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
      expect(await p.statusLine('002')).toMatch(/^002 {2}index_orders_ref {2}applied {2}/);
    });
  });
}

describe('an INVALID index that was there before the build', () => {
  it('IF NOT EXISTS passes over it: the migration fails naming it instead of being recorded as applied', async (ctx) => {
    const p = await project(ctx, {
      '001_create_orders.sql': TABLE_ORDERS,
      '002_index_orders_ref.sql': 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_ref_idx ON orders (ref);\n',
    });
    expect((await p.run('apply', ['--to', '001']).done).code).toBe(0);
    // An index build cancelled by hand (not by migrationlint) leaves it behind.
    const writer = await openWriter(p.server, p.database, 'orders');
    await p.admin.query("SET lock_timeout = '200ms'");
    await expect(p.admin.query('CREATE INDEX CONCURRENTLY orders_ref_idx ON orders (ref)')).rejects.toThrow(/lock timeout/);
    await writer.commit();
    expect(await p.index('orders_ref_idx')).toEqual({ valid: false, ready: false });
    const run = await p.run('apply').done;
    expect(run.code, run.stderr).toBe(1);
    const row = await p.history('002');
    expect(row?.status).toBe('failed');
    expect(row?.error).toMatch(/index public\.orders_ref_idx is INVALID \(indisvalid = f, indisready = f\) after the statement returned: IF NOT EXISTS passed over the INVALID index an earlier, interrupted build left; `migrationlint apply --retry-failed` drops it and builds it again/);
    const resumed = await p.run('apply', ['--retry-failed']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await p.index('orders_ref_idx')).toEqual({ valid: true, ready: true });
  });
});
