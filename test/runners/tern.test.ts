// tern: up above and down below `---- create above / drop below ----`; `---- tern: disable-tx ----`.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('tern');
const M = 'migrations';

describe('tern runner', () => {
  it('splits up and down at the magic comment, in numeric order; disable-tx leaves one multi-statement query', async () => {
    const set = await readRunnerSet('tern', [M]);
    expect(rows(set, dir)).toEqual([
      ['001_create_widgets', 'tern', 'tern', 'wrapped', 'wrapped', `${M}/001_create_widgets.sql`, `${M}/001_create_widgets.sql`],
      ['002_index_widgets_name', 'tern', 'tern', 'implicit', 'implicit', `${M}/002_index_widgets_name.sql`, `${M}/002_index_widgets_name.sql`],
      ['010_index_widgets_twice', 'tern', 'tern', 'implicit', 'implicit', `${M}/010_index_widgets_twice.sql`, `${M}/010_index_widgets_twice.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY alone under disable-tx is fine, two in one migration fail (one implicit transaction)', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/010_index_widgets_twice.sql:2`, `${M}/010_index_widgets_twice.sql:3`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('one implicit transaction');
    expect(byRule(findings, 'require-lock-timeout')).toContain(`${M}/001_create_widgets.sql:8`);
  });

  it('new: writes <number>_<name>.sql with the magic comment', () => {
    const { run, added } = newInFixtureCopy('tern', 'add widgets color', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['011_add_widgets_color.sql']);
    expect(added[0]?.[1]).toContain('\n---- create above / drop below ----\n');
  });
});
