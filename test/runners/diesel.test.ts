// diesel: `<YYYY-MM-DD-HHMMSS>_<name>/up.sql` + `down.sql`; `metadata.toml` with
// `run_in_transaction = false` sends the file as one batch (one implicit transaction).
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('diesel');
const M = 'migrations';

describe('diesel runner', () => {
  it('reads the migration directories in timestamp order; metadata.toml turns the transaction off for up and down', async () => {
    const set = await readRunnerSet('diesel', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000_create_users', 'diesel', 'up-down-dir', 'wrapped', 'wrapped', `${M}/2024-01-01-000000_create_users/up.sql`, `${M}/2024-01-01-000000_create_users/down.sql`],
      ['20240102000000_users_email_index', 'diesel', 'up-down-dir', 'implicit', 'implicit', `${M}/2024-01-02-000000_users_email_index/up.sql`, `${M}/2024-01-02-000000_users_email_index/down.sql`],
      ['20240103000000_users_name_indexes', 'diesel', 'up-down-dir', 'implicit', 'implicit', `${M}/2024-01-03-000000_users_name_indexes/up.sql`, `${M}/2024-01-03-000000_users_name_indexes/down.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: one CONCURRENTLY per batch passes, two in one batch fail', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([
      `${M}/2024-01-03-000000_users_name_indexes/down.sql:1`,
      `${M}/2024-01-03-000000_users_name_indexes/down.sql:2`,
      `${M}/2024-01-03-000000_users_name_indexes/up.sql:1`,
      `${M}/2024-01-03-000000_users_name_indexes/up.sql:2`,
    ]);
  });

  it('new: a dashed-timestamp directory with up.sql and down.sql', () => {
    const { run, added } = newInFixtureCopy('diesel', 'add users bio', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}-\d{6}_add_users_bio$/)]);
    expect(added[0]?.[1]).toBe('down.sql\nup.sql');
  });
});
