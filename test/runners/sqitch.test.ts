// sqitch: plan order, reworked @tag scripts, revert as the down, verify not linted, the script's
// own BEGIN/COMMIT; plan problems at their line; new adds a plan line and three scripts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqitch } from '../../src/runners/sqitch.js';
import { createProbe } from '../../src/runners/probe.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('sqitch');

describe('sqitch runner', () => {
  it('follows sqitch.plan: the reworked change first runs its @v1.0 script, revert/ is the down, verify/ is no migration', async () => {
    const set = await readRunnerSet('sqitch', ['shop']);
    expect(rows(set, dir)).toEqual([
      ['1_schema', 'sqitch', 'plain', 'none', 'none', 'shop/deploy/schema.sql', 'shop/revert/schema.sql'],
      ['2_orders', 'sqitch', 'plain', 'none', 'none', 'shop/deploy/orders.sql', 'shop/revert/orders.sql'],
      ['3_order_total@v1.0', 'sqitch', 'plain', 'none', 'none', 'shop/deploy/order_total@v1.0.sql', 'shop/revert/order_total@v1.0.sql'],
      ['4_order_total', 'sqitch', 'plain', 'none', 'none', 'shop/deploy/order_total.sql', 'shop/revert/order_total.sql'],
      ['5_orders_status_idx', 'sqitch', 'plain', 'none', 'none', 'shop/deploy/orders_status_idx.sql', 'shop/revert/orders_status_idx.sql'],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY outside the script’s BEGIN/COMMIT is fine under psql; sqitch sets no lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir, ['shop']);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
    expect(byRule(findings, 'invalid-file')).toEqual([]);
    expect(byRule(findings, 'require-lock-timeout')).toEqual(['shop/revert/orders.sql:5']);
    // verify/ scripts are checks, never linted as migrations.
    expect(findings.filter((f) => f.file.includes('/verify/'))).toEqual([]);
  });

  it('bad plan: a dependency on a later change, an unknown dependency and a missing script are findings on their plan lines; a script no change names too; the rest is linted', async () => {
    const set = await readRunnerSet('sqitch', ['broken']);
    expect(set.migrations.map((m) => m.id)).toEqual(['1_accounts', '2_ledger', '3_audit']);
    const plan = path.join(dir, 'broken', 'sqitch.plan');
    const planText = createProbe().read(plan) ?? '';
    const planLine = (offset: number) => planText.slice(0, offset).split('\n').length;
    expect(set.problems.map((p) => [path.relative(dir, p.file), p.file === plan ? planLine(p.span.start) : 0, p.message])).toEqual([
      ['broken/deploy/leftover.sql', 0, 'deploy script of no change in sqitch.plan: sqitch never runs it'],
      ['broken/sqitch.plan', 4, 'change "accounts" depends on "ledger", which the plan deploys later (line 5): a dependency cycle or a wrong order'],
      ['broken/sqitch.plan', 6, 'change "audit" depends on unknown change "no_such_change"'],
      ['broken/sqitch.plan', 7, 'change "payouts" has no deploy script deploy/payouts.sql'],
    ]);
    const { findings } = lintFindings(dir, ['broken']);
    expect(byRule(findings, 'invalid-file')).toEqual(['broken/deploy/leftover.sql:1', 'broken/sqitch.plan:4', 'broken/sqitch.plan:6', 'broken/sqitch.plan:7']);
    expect(byRule(findings, 'fk-missing-index')).toEqual(['broken/deploy/ledger.sql:2']);
  });

  it('new: a plan line by the last planner and deploy/revert/verify scripts from the pg templates', async () => {
    const set = await readRunnerSet('sqitch', ['shop']);
    const plan = sqitch.newMigration?.({ migrations: set.migrations, slug: 'orders_note', now: new Date('2026-03-01T12:00:00.123Z'), probe: createProbe() });
    const top = path.join(dir, 'shop');
    expect(plan?.create.map((f) => [path.relative(top, f.file), f.text])).toEqual([
      ['deploy/orders_note.sql', '-- Deploy shop:orders_note to pg\n\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n'],
      ['revert/orders_note.sql', '-- Revert shop:orders_note from pg\n\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n'],
      ['verify/orders_note.sql', '-- Verify shop:orders_note on pg\n\nBEGIN;\n\n-- XXX Add verifications here.\n\nROLLBACK;\n'],
    ]);
    expect(plan?.update?.[0]?.file).toBe(path.join(top, 'sqitch.plan'));
    expect(plan?.update?.[0]?.text.split('\n').at(-2)).toBe('orders_note 2026-03-01T12:00:00Z Bo Ito <bo@example.com> # orders note');
  });
});
