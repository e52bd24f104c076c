// Engine scenarios every backend must pass: round trip, lint gate, rollback on failure,
// statement-by-statement runs with CONCURRENTLY, drift, dry run. Run by engine.pg.test.ts and
// engine.pglite.test.ts against a real server and against PGlite.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { apply, down, resolve, status, type EngineOptions } from '../../src/apply/engine.js';
import { VERSION } from '../../src/version.js';
import { catalog, copyFixture, historyRows, type Project, type Query, recorder } from './util.js';

export interface Fresh {
  /** Engine options that point at the database (databaseUrl or pglite). */
  target: Partial<EngineOptions>;
  q: Query;
  /** current_user the engine connects as. */
  user: string;
  close(): Promise<void>;
}

export type Backend = (ctx: { skip: (note?: string) => never }) => Promise<Fresh>;

async function withProject<T>(fixture: string, backend: Backend, ctx: { skip: (note?: string) => never }, body: (p: Project, db: Fresh, opts: EngineOptions) => Promise<T>): Promise<T> {
  const db = await backend(ctx);
  const project = await copyFixture(fixture);
  try {
    const opts: EngineOptions = { cwd: project.dir, config: project.config, env: {}, retryBackoffMs: 10, ...db.target };
    return await body(project, db, opts);
  } finally {
    project.cleanup();
    await db.close();
  }
}

const sha256 = (...texts: string[]) => {
  const h = createHash('sha256');
  texts.forEach((t, i) => (i > 0 ? h.update('\0').update(t) : h.update(t)));
  return h.digest('hex');
};

async function tableExists(q: Query, name: string): Promise<boolean> {
  const rows = await q('SELECT to_regclass($1)::text AS r', [name]);
  return rows[0]?.r != null;
}

export function engineScenarios(backend: Backend): void {
  it('apply → status → down → apply round trip leaves the same schema', async (ctx) => {
    await withProject('basic', backend, ctx, async (p, db, opts) => {
      const empty = await catalog(db.q);
      const first = await apply({ ...opts, to: '002' });
      expect(first.exitCode).toBe(0);
      expect(first.done.map((d) => d.version)).toEqual(['001', '002']);
      const upTo002 = await catalog(db.q);

      const rec = recorder();
      const rest = await apply({ ...opts, onEvent: rec.onEvent });
      expect(rest.exitCode).toBe(0);
      expect(rest.done.map((d) => [d.version, d.mode])).toEqual([
        ['003', 'statements'],
        ['004', 'transaction'],
      ]);
      expect(rec.types()).toEqual(expect.arrayContaining(['connect', 'lint', 'plan', 'start', 'statement', 'done', 'summary']));
      const full = await catalog(db.q);
      expect(full.indexes).toContainEqual(expect.objectContaining({ idx: 'ix_invoices_total_cents', valid: true }));
      expect(full.comments).toContainEqual(expect.objectContaining({ rel: 'invoices', text: 'free text shown on the invoice' }));

      const rows = await historyRows(db.q);
      expect(rows.map((r) => [r.version, r.direction, r.status, r.execution_mode, r.statements_done, r.statements_total])).toEqual([
        ['001', 'up', 'applied', 'transaction', 1, 1],
        ['002', 'up', 'applied', 'transaction', 2, 2],
        ['003', 'up', 'applied', 'statements', 1, 1],
        ['004', 'up', 'applied', 'transaction', 2, 2],
      ]);
      const up = (f: string) => readFileSync(path.join(p.migrations, f), 'utf8');
      expect(rows[0]!.checksum).toBe(sha256(up('001_create_accounts.up.sql'), up('001_create_accounts.down.sql')));
      expect(rows.every((r) => r.applied_by === db.user && r.tool_version === VERSION && r.error === null)).toBe(true);

      const st = await status(opts);
      expect(st.exitCode).toBe(0);
      expect(st.counts).toEqual({ applied: 4, pending: 0, drifted: 0, failed: 0 });
      expect(st.migrations.every((m) => m.appliedBy === db.user && typeof m.appliedAt === 'string' && typeof m.durationMs === 'number')).toBe(true);

      const back2 = await down({ ...opts, steps: 2 });
      expect(back2.exitCode).toBe(0);
      expect(back2.done.map((d) => [d.version, d.mode])).toEqual([
        ['004', 'transaction'],
        ['003', 'statements'],
      ]);
      expect(await catalog(db.q)).toEqual(upTo002);
      expect((await status(opts)).counts).toEqual({ applied: 2, pending: 2, drifted: 0, failed: 0 });

      const backAll = await down({ ...opts, to: '001' });
      expect(backAll.done.map((d) => d.version)).toEqual(['002']);
      const back1 = await down(opts);
      expect(back1.done.map((d) => d.version)).toEqual(['001']);
      expect(await catalog(db.q)).toEqual(empty);
      expect((await down(opts)).done).toEqual([]);

      const again = await apply(opts);
      expect(again.exitCode).toBe(0);
      expect(again.done.map((d) => d.version)).toEqual(['001', '002', '003', '004']);
      expect(await catalog(db.q)).toEqual(full);
      expect((await apply(opts)).done).toEqual([]);
    });
  });

  it('the lint gate refuses: nothing is executed, the findings are returned', async (ctx) => {
    await withProject('lint-error', backend, ctx, async (p, db, opts) => {
      for (const dryRun of [true, false]) {
        const out = await apply({ ...opts, dryRun });
        expect(out.exitCode).toBe(1);
        expect(out.refused?.reason).toBe('lint');
        expect(out.findings.map((f) => [path.basename(f.file), f.ruleId, f.severity])).toEqual([
          ['002_index_things_label.up.sql', 'require-concurrent-index-creation', 'error'],
        ]);
        expect(out.done).toEqual([]);
      }
      // Not even the clean 001 ran, and no history table was created.
      expect(await tableExists(db.q, 'public.things')).toBe(false);
      expect(await tableExists(db.q, 'public.migrationlint_history')).toBe(false);

      // A suppression without a reason is not enough for apply …
      const file = path.join(p.migrations, '002_index_things_label.up.sql');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, `-- migrationlint-ignore require-concurrent-index-creation\n${text}`);
      const noReason = await apply(opts);
      expect(noReason.exitCode).toBe(1);
      expect(noReason.refused?.reason).toBe('lint');
      expect(noReason.findings[0]?.message).toMatch(/without a reason/);
      expect(await tableExists(db.q, 'public.things')).toBe(false);

      // … one with a reason is.
      writeFileSync(file, `-- migrationlint-ignore require-concurrent-index-creation -- things has 12 rows\n${text}`);
      const ok = await apply(opts);
      expect(ok.exitCode).toBe(0);
      expect(ok.done.map((d) => d.version)).toEqual(['001', '002']);
    });
  });

  it('a failing statement rolls the migration back: a failed row and no partial schema', async (ctx) => {
    await withProject('failing', backend, ctx, async (p, db, opts) => {
      const rec = recorder();
      const out = await apply({ ...opts, onEvent: rec.onEvent });
      expect(out.exitCode).toBe(1);
      expect(out.done.map((d) => d.version)).toEqual(['001']);
      expect(out.failed).toMatchObject({ version: '002', mode: 'transaction', statement: 2, sqlState: '23505', blocking: false });
      expect(out.failed?.error).toMatch(/duplicate key/);
      expect(await tableExists(db.q, 'public.widgets')).toBe(true);
      expect(await tableExists(db.q, 'public.gadgets')).toBe(false);
      expect(await tableExists(db.q, 'public.ix_gadgets_id_desc')).toBe(false);
      const rows = await historyRows(db.q);
      expect(rows.map((r) => [r.version, r.status, r.execution_mode, r.statements_done])).toEqual([
        ['001', 'applied', 'transaction', 1],
        ['002', 'failed', 'transaction', 2],
      ]);
      expect(rows[1]!.error).toMatch(/duplicate key.*23505/);

      const st = await status(opts);
      expect(st.migrations.map((m) => [m.version, m.state, m.failure?.blocking])).toEqual([
        ['001', 'applied', undefined],
        ['002', 'failed', false],
      ]);

      // A transactional failure does not block: fix the file and apply again.
      const file = path.join(p.migrations, '002_create_gadgets.up.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replace('VALUES (1), (1)', 'VALUES (1), (2)'));
      const fixed = await apply(opts);
      expect(fixed.exitCode).toBe(0);
      expect(fixed.done.map((d) => d.version)).toEqual(['002']);
      expect((await status(opts)).counts).toEqual({ applied: 2, pending: 0, drifted: 0, failed: 0 });
    });
  });

  it('CONCURRENTLY runs statement by statement; a failure blocks until --retry-failed resumes it', async (ctx) => {
    await withProject('nontx-fail', backend, ctx, async (_p, db, opts) => {
      const out = await apply(opts);
      expect(out.exitCode).toBe(1);
      expect(out.failed).toMatchObject({ version: '002', mode: 'statements', statement: 1, resumeAt: 1, blocking: true, sqlState: '23505' });
      // The INVALID index the failed build left is dropped again, and the row says so.
      expect(out.failed?.invalidIndexes).toEqual([]);
      expect(out.failed?.droppedIndexes).toEqual(['public.ux_items_sku']);
      const cat = await catalog(db.q);
      expect(cat.indexes).toContainEqual(expect.objectContaining({ idx: 'ix_items_id_sku', valid: true }));
      expect(cat.indexes.map((i) => (i as { idx: string }).idx)).not.toContain('ux_items_sku');
      const rows = await historyRows(db.q);
      expect(rows.at(-1)).toMatchObject({ version: '002', status: 'failed', execution_mode: 'statements', statements_done: 1, statements_total: 3 });
      expect(rows.at(-1)!.error).toMatch(/23505.*; dropped the INVALID index public\.ux_items_sku it left$/);

      // Later applies (and downs) refuse, saying how to get out.
      for (const run of [apply(opts), down(opts), apply({ ...opts, dryRun: true })]) {
        const refused = await run;
        expect(refused.exitCode).toBe(1);
        expect(refused.refused?.reason).toBe('failed-migration');
        expect(refused.refused?.message).toMatch(/statement 2 of 3[\s\S]*apply --retry-failed[\s\S]*resolve 002/);
      }
      const st = await status(opts);
      expect(st.migrations[1]).toMatchObject({ version: '002', state: 'failed', failure: { blocking: true, statement: 1, statementsTotal: 3 } });

      // Fix the cause, then resume: statement 1 (ix_items_id_sku) must not run again.
      await db.q('DELETE FROM items WHERE id = 2');
      const plan = await apply({ ...opts, dryRun: true, retryFailed: true });
      expect(plan.plan.map((m) => [m.version, m.resumeAt])).toEqual([['002', 1]]);
      const resumed = await apply({ ...opts, retryFailed: true });
      expect(resumed.exitCode).toBe(0);
      expect(resumed.done.map((d) => d.version)).toEqual(['002']);
      const after = await catalog(db.q);
      expect(after.indexes).toContainEqual(expect.objectContaining({ idx: 'ux_items_sku', valid: true }));
      expect(after.comments).toContainEqual(expect.objectContaining({ rel: 'ux_items_sku', text: 'one row per sku' }));
      expect((await status(opts)).counts).toEqual({ applied: 2, pending: 0, drifted: 0, failed: 0 });

      // The down runs statement by statement too.
      const back = await down(opts);
      expect(back.done).toEqual([expect.objectContaining({ version: '002', mode: 'statements' })]);
      expect((await catalog(db.q)).indexes.map((i) => (i as { idx: string }).idx)).toEqual(['pk_items']);
    });
  });

  it('resolve after a manual cleanup makes a failed migration pending again', async (ctx) => {
    await withProject('nontx-fail', backend, ctx, async (_p, db, opts) => {
      expect((await apply(opts)).exitCode).toBe(1);
      await db.q('DROP INDEX ix_items_id_sku');
      await db.q('DELETE FROM items WHERE id = 2');
      const notFailed = await resolve({ ...opts, version: '001' });
      expect(notFailed.exitCode).toBe(1);
      expect(notFailed.message).toMatch(/001 create_items is applied/);
      const r = await resolve({ ...opts, version: '002' });
      expect(r.exitCode).toBe(0);
      expect((await status(opts)).migrations[1]).toMatchObject({ version: '002', state: 'pending' });
      const out = await apply(opts);
      expect(out.exitCode).toBe(0);
      expect(out.done.map((d) => d.version)).toEqual(['002']);
    });
  });

  it('drift: a changed or vanished applied migration makes apply and down refuse, naming it', async (ctx) => {
    await withProject('basic', backend, ctx, async (p, db, opts) => {
      expect((await apply(opts)).exitCode).toBe(0);
      const f4 = path.join(p.migrations, '004_add_invoices_note.up.sql');
      writeFileSync(f4, `${readFileSync(f4, 'utf8')}\n-- edited after it was applied\n`);
      rmSync(path.join(p.migrations, '003_index_invoices_total.up.sql'));
      rmSync(path.join(p.migrations, '003_index_invoices_total.down.sql'));
      const before = await historyRows(db.q);
      for (const run of [apply(opts), down(opts), apply({ ...opts, dryRun: true })]) {
        const out = await run;
        expect(out.exitCode).toBe(1);
        expect(out.refused?.reason).toBe('drift');
        expect(out.refused?.message).toMatch(/003 index_invoices_total: applied, but its file is gone/);
        expect(out.refused?.message).toMatch(/004 add_invoices_note \(migrations\/004_add_invoices_note\.up\.sql\): changed since it was applied/);
        expect(out.drift.map((d) => [d.version, d.drift])).toEqual([
          ['004', 'changed'],
          ['003', 'vanished'],
        ]);
      }
      expect(await historyRows(db.q)).toEqual(before);
      const st = await status(opts);
      expect(st.migrations.map((m) => [m.version, m.state, m.drift])).toEqual([
        ['001', 'applied', undefined],
        ['002', 'applied', undefined],
        ['004', 'drifted', 'changed'],
        ['003', 'drifted', 'vanished'],
      ]);
      // Accepting the edit and forgetting the vanished one clears the drift.
      expect((await resolve({ ...opts, version: '004' })).exitCode).toBe(0);
      expect((await resolve({ ...opts, version: '003' })).exitCode).toBe(0);
      expect((await status(opts)).counts).toEqual({ applied: 3, pending: 0, drifted: 0, failed: 0 });
      expect((await apply(opts)).exitCode).toBe(0);
    });
  });

  it('dry run prints the plan (mode, statements, locks) and changes nothing', async (ctx) => {
    await withProject('basic', backend, ctx, async (_p, db, opts) => {
      const before = await catalog(db.q);
      const out = await apply({ ...opts, dryRun: true });
      expect(out.exitCode).toBe(0);
      expect(out.dryRun).toBe(true);
      expect(out.plan.map((m) => [m.version, m.mode, m.statements.length])).toEqual([
        ['001', 'transaction', 1],
        ['002', 'transaction', 2],
        ['003', 'statements', 1],
        ['004', 'transaction', 2],
      ]);
      expect(out.plan[2]!.statements[0]).toEqual({
        index: 0,
        line: 2,
        text: 'CREATE INDEX CONCURRENTLY ix_invoices_total_cents ON invoices (total_cents)',
        lock: 'SHARE UPDATE EXCLUSIVE on invoices',
      });
      expect(out.plan[3]!.statements.map((st) => st.lock)).toEqual(['ACCESS EXCLUSIVE on invoices', 'SHARE UPDATE EXCLUSIVE on invoices']);
      expect(await catalog(db.q)).toEqual(before);
      expect(await tableExists(db.q, 'public.migrationlint_history')).toBe(false);

      // A caller's hook replaces the lock table; what it cannot tell shows as "unknown".
      const hooked = await apply({ ...opts, dryRun: true, lockOf: (s) => (s.tag === 'IndexStmt' ? 'from the hook' : undefined) });
      expect(hooked.plan[2]!.statements[0]!.lock).toBe('from the hook');
      expect(hooked.plan[0]!.statements[0]!.lock).toBe('unknown');

      expect((await apply({ ...opts, to: '002' })).exitCode).toBe(0);
      const downPlan = await down({ ...opts, dryRun: true, steps: 5 });
      expect(downPlan.plan.map((m) => [m.version, m.direction])).toEqual([
        ['002', 'down'],
        ['001', 'down'],
      ]);
      expect((await status(opts)).counts.applied).toBe(2);
    });
  });

  it('usage errors: unknown --to version, --steps with --to, invalid timeouts (exit 2)', async (ctx) => {
    await withProject('basic', backend, ctx, async (p, db, opts) => {
      const unknown = await apply({ ...opts, to: '999' });
      expect(unknown.exitCode).toBe(2);
      expect(unknown.refused?.message).toBe('--to 999: no migration with that version in the set');
      expect((await down({ ...opts, steps: 1, to: '001' })).exitCode).toBe(2);
      const badTimeout = await apply({ ...opts, config: { ...p.config, apply: { ...p.config.apply, lockTimeout: 'soon' } } });
      expect(badTimeout.exitCode).toBe(2);
      expect(badTimeout.refused?.message).toMatch(/apply.lockTimeout/);
      expect(await tableExists(db.q, 'public.accounts')).toBe(false);
    });
  });
}
