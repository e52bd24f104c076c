// sql-migrate: `-- +migrate Up/Down` sections, a transaction per migration unless `notransaction`.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('sql-migrate');
const M = 'migrations';

describe('sql-migrate runner', () => {
  it('reads the sections in numeric-prefix order; notransaction turns each marked section’s transaction off', async () => {
    const set = await readRunnerSet('sql-migrate', [M]);
    expect(rows(set, dir)).toEqual([
      ['20170426134008_init', 'sql-migrate', 'sql-migrate', 'wrapped', 'wrapped', `${M}/20170426134008-init.sql`, `${M}/20170426134008-init.sql`],
      ['20170503144542_users-email-idx', 'sql-migrate', 'sql-migrate', 'none', 'none', `${M}/20170503144542-users-email-idx.sql`, `${M}/20170503144542-users-email-idx.sql`],
      ['20170507101010_users-name-idx', 'sql-migrate', 'sql-migrate', 'wrapped', 'wrapped', `${M}/20170507101010-users-name-idx.sql`, `${M}/20170507101010-users-name-idx.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY fails only without notransaction, and the message names the directive; StatementBegin/End keep the function whole', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20170507101010-users-name-idx.sql:2`]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('sql-migrate runs each migration in a transaction');
    expect(`${concurrent?.message} ${concurrent?.help ?? ''}`).toContain('-- +migrate Up notransaction');
    expect(findings.filter((f) => f.rule === 'invalid-file' || f.rule === 'parse-error')).toEqual([]);
    // sql-migrate sets no lock_timeout: the down's DROP TABLE of an existing table is reported.
    expect(byRule(findings, 'require-lock-timeout')).toContain(`${M}/20170426134008-init.sql:18`);
  });

  it('new: writes <timestamp>-<name>.sql with both markers', () => {
    const { run, added } = newInFixtureCopy('sql-migrate', 'add users note', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added).toHaveLength(1);
    expect(added[0]?.[0]).toMatch(/^\d{14}-add_users_note\.sql$/);
    expect(added[0]?.[1]).toMatch(/^-- \+migrate Up\n[\s\S]*\n-- \+migrate Down\n/);
  });
});
