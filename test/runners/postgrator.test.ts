// postgrator: NNN.do[.desc].sql / NNN.undo[.desc].sql paired by number, one implicit transaction per file.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('postgrator');
const M = 'migrations';

describe('postgrator runner', () => {
  it('pairs do and undo by number whatever their descriptions, in numeric order', async () => {
    const set = await readRunnerSet('postgrator', [M]);
    expect(rows(set, dir)).toEqual([
      ['001_create-orders', 'postgrator', 'postgrator', 'implicit', 'implicit', `${M}/001.do.create-orders.sql`, `${M}/001.undo.create-orders.sql`],
      ['002_index-customer', 'postgrator', 'postgrator', 'implicit', 'implicit', `${M}/002.do.index-customer.sql`, `${M}/002.undo.sql`],
      ['010_index-and-column', 'postgrator', 'postgrator', 'implicit', null, `${M}/010.do.index-and-column.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY alone in a file is fine, with another statement it fails; postgrator sets no lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/010.do.index-and-column.sql:2`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('Postgrator sends the file as one multi-statement query');
    expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/001.undo.create-orders.sql:1`, `${M}/010.do.index-and-column.sql:1`]);
    expect(byRule(findings, 'invalid-file')).toEqual([]);
  });

  it('new: writes NNN.do.<name>.sql and NNN.undo.<name>.sql', () => {
    const { run, added } = newInFixtureCopy('postgrator', 'add orders total', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['011.do.add_orders_total.sql', '011.undo.add_orders_total.sql']);
  });
});
