// The Alembic sets of ../shared/corpus-runners linted from their .py revisions: Netflix dispatch (two
// script locations, core and tenant: two sets, all pending revisions in one transaction) and Prefect
// (transaction_per_migration=True in env.py, autocommit_block + CONCURRENTLY). Revision counts, graph
// order, coverage, no crash, and findings checked by hand against the source.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { coverageOf } from '../../src/hosts/coverage.js';
import { lint } from '../../src/lint.js';
import { corpusRunnersDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

const DISPATCH = 'Netflix__dispatch/src/dispatch/database/revisions';
const PREFECT = 'PrefectHQ__prefect/src/prefect/server/database/_migrations/versions/postgresql';

async function lintSet(dir: string) {
  const config = resolveConfig({}, undefined, corpusRunnersDir);
  const result = await lint({ cwd: corpusRunnersDir, config, paths: [dir] });
  const [coverage] = coverageOf(result.set);
  const at = (rule: string) => result.findings.filter((f) => f.ruleId === rule && !f.suppressed).map((f) => `${path.basename(f.file)}:${f.start.line}:${f.start.column}`);
  return { result, coverage, at };
}

describe.runIf(hasCorpus || inCI)('alembic .py revisions on the shared corpus', () => {
  it('dispatch core: 9 revisions (one merge) in graph order, whole run; 39 of 39 operations resolved, one with dynamic values (an f-string filling values from query results)', { timeout: 120_000 }, async () => {
    if (!requireCorpus()) return;
    const { result, coverage, at } = await lintSet(`${DISPATCH}/core/versions`);
    // e0d568f345c9 merges 8f364cf49a23 and c0bc938b058e and sends no SQL: a graph node, not a migration.
    expect(result.set.migrations.map((m) => m.version)).toEqual(['f011c050b9ba', '0ab4f8f54bfa', '8f364cf49a23', 'c0bc938b058e', '3dd4d12844dc', '5c60513d6e5e', 'ed0b0388fa3f', '903183fd9aee']);
    expect(new Set(result.set.migrations.map((m) => m.up.wrap))).toEqual(new Set(['whole-run']));
    expect(coverage).toMatchObject({ resolved: 39, total: 39, unresolved: [] });
    // conn.execute(f"update dispatch_core.organization set slug = '{slug}' where id = {r[0]}") in a loop over query results.
    expect(coverage?.dynamicValues.map((d) => `${path.basename(d.file)}:${d.start.line}:${d.start.column} ${d.reason}`)).toEqual(['2021-07-22_c0bc938b058e.py:32:69 values {slug}, {r[0]} bound as parameters']);
    // That UPDATE runs in the transaction that added the column, now that its shape is linted.
    expect(at('backfill-in-ddl-transaction')).toEqual(['2021-07-22_c0bc938b058e.py:32:24']);
    // op.alter_column("dispatch_user_organization", "dispatch_user_id", …, nullable=False)
    expect(at('adding-not-nullable-field')).toContain('2021-06-15_0ab4f8f54bfa.py:21:5');
    // def downgrade(): pass
    expect(at('require-down-migration')).toEqual(['2021-06-02_f011c050b9ba.py:16:1']);
    // autogenerate's op.drop_constraint(None, …) in downgrades: Alembic raises there.
    expect(at('invalid-file')).toHaveLength(5);
  });

  it('dispatch tenant: 153 revisions (two merges), every graph edge resolved, ≥ 98 % of operations resolved', { timeout: 120_000 }, async () => {
    if (!requireCorpus()) return;
    const { result, coverage, at } = await lintSet(`${DISPATCH}/tenant/versions`);
    expect(result.set.migrations).toHaveLength(151);
    expect(result.set.problems.filter((p) => /down_revision|heads|cycle/.test(p.message))).toEqual([]);
    expect(coverage).toMatchObject({ resolved: 1117, total: 1132 });
    expect(coverage?.dynamicValues).toHaveLength(2);
    expect((coverage?.resolved ?? 0) / (coverage?.total ?? 1)).toBeGreaterThanOrEqual(0.98);
    expect(new Set(coverage?.unresolved.map((u) => u.reason))).toEqual(new Set(['ORM session: its queries depend on the data', 'server_default is not a literal or sa.text()']));
    expect(at('adding-not-nullable-field')).toContain('2021-06-15_8a558baeef05.py:199:5');
    expect(at('invalid-file')).toHaveLength(149);
  });

  it('prefect: 116 revisions per migration (env.py), autocommit_block sections without a transaction; CONCURRENTLY inside the block is not flagged, a plain create_index on an existing table is', { timeout: 120_000 }, async () => {
    if (!requireCorpus()) return;
    const { result, coverage, at } = await lintSet(PREFECT);
    expect(result.set.migrations).toHaveLength(116);
    expect(result.set.problems).toEqual([]);
    expect(result.set.migrations[0]?.version).toBe('25f4b90a7a42');
    const models = new Map<string, number>();
    for (const m of result.set.migrations) models.set(m.up.wrap, (models.get(m.up.wrap) ?? 0) + 1);
    expect(Object.fromEntries(models)).toEqual({ wrapped: 93, none: 23 });
    expect(coverage).toMatchObject({ resolved: 997, total: 1000 });
    expect(coverage?.dynamicValues).toHaveLength(1);
    expect((coverage?.resolved ?? 0) / (coverage?.total ?? 1)).toBeGreaterThanOrEqual(0.98);
    const stateName = '2022_04_20_113011_605ebb4e9155_add_flow_run_state_name.py';
    expect(at('ban-concurrent-index-creation-in-transaction').filter((f) => f.startsWith(stateName))).toEqual([]);
    expect(at('require-concurrent-index-creation').filter((f) => f.startsWith(stateName))).toEqual([]);
    // with op.batch_alter_table("block") as batch_op: batch_op.create_index(batch_op.f("ix_block__name"), ["name"])
    expect(at('require-concurrent-index-creation')).toContain('2022_02_20_103844_4799f657a6a1_add_block_spec_table.py:66:9');
  });
});
