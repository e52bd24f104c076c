// node-pg-migrate SQL migrations: `-- Up Migration` / `-- Down Migration`; all pending migrations
// run in one transaction by default (singleTransaction), with no SQL-file opt-out.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('node-pg-migrate');
const M = 'migrations';

describe('node-pg-migrate runner', () => {
  it('detects the markers, orders by the millisecond prefix, whole-run transaction', async () => {
    const set = await readRunnerSet('node-pg-migrate', [M]);
    expect(rows(set, dir)).toEqual([
      ['1704067200000_create-users', 'node-pg-migrate', 'sections', 'whole-run', 'whole-run', `${M}/1704067200000_create-users.sql`, `${M}/1704067200000_create-users.sql`],
      ['1704153600000_users-email-index', 'node-pg-migrate', 'sections', 'whole-run', 'whole-run', `${M}/1704153600000_users-email-index.sql`, `${M}/1704153600000_users-email-index.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: even a lone CONCURRENTLY fails (all pending migrations share one transaction)', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/1704153600000_users-email-index.sql:2`, `${M}/1704153600000_users-email-index.sql:5`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('runs all pending migrations in one transaction');
  });

  it('new: <milliseconds>_<name>.sql with both markers', () => {
    const { run, added } = newInFixtureCopy('node-pg-migrate', 'add users bio', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual([expect.stringMatching(/^\d{13}_add-users-bio\.sql$/)]);
    expect(added[0]?.[1]).toBe('-- Up Migration\n\n-- Down Migration\n');
  });
});
