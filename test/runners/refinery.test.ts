// refinery: V (versioned) and U (unversioned) files in a Rust crate, a transaction per migration, no opt-out.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('refinery');
const M = 'migrations';

describe('refinery runner', () => {
  it('detects the crate, orders V and U files by version number (V10 after U3)', async () => {
    const set = await readRunnerSet('refinery', [M]);
    expect(rows(set, dir)).toEqual([
      ['1_initial', 'refinery', 'plain', 'wrapped', null, `${M}/V1__initial.sql`, null],
      ['2_accounts_owner_idx', 'refinery', 'plain', 'wrapped', null, `${M}/V2__accounts_owner_idx.sql`, null],
      ['3_grant_reader', 'refinery', 'plain', 'wrapped', null, `${M}/U3__grant_reader.sql`, null],
      ['10_accounts_note', 'refinery', 'plain', 'wrapped', null, `${M}/V10__accounts_note.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY alone still fails (no in-file opt-out), and the message says so; refinery sets no lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/V2__accounts_owner_idx.sql:1`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('has no per-migration opt-out');
    expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/V10__accounts_note.sql:1`]);
    expect(byRule(findings, 'require-down-migration')).toEqual([]);
  });

  it('new: writes the next V<version>__<name>.sql', () => {
    const { run, added } = newInFixtureCopy('refinery', 'add accounts email', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['V11__add_accounts_email.sql']);
  });
});
