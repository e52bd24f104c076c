// dbmate: `-- migrate:up` / `-- migrate:down`, each section in a transaction unless its marker says
// `transaction:false`; then the section is still one query (one implicit transaction).
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('dbmate');
const M = 'db/migrations';

describe('dbmate runner', () => {
  it('detects the markers and reads each section with its own transaction setting', async () => {
    const set = await readRunnerSet('dbmate', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000_create_users', 'dbmate', 'dbmate', 'wrapped', 'wrapped', `${M}/20240101000000_create_users.sql`, `${M}/20240101000000_create_users.sql`],
      ['20240102000000_users_email_index', 'dbmate', 'dbmate', 'implicit', 'implicit', `${M}/20240102000000_users_email_index.sql`, `${M}/20240102000000_users_email_index.sql`],
      ['20240103000000_users_name_indexes', 'dbmate', 'dbmate', 'implicit', 'wrapped', `${M}/20240103000000_users_name_indexes.sql`, `${M}/20240103000000_users_name_indexes.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: a lone CONCURRENTLY under transaction:false passes; two in one section fail (one query)', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20240103000000_users_name_indexes.sql:2`, `${M}/20240103000000_users_name_indexes.sql:3`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('one implicit transaction');
  });

  it('new: a UTC timestamp file with both markers', () => {
    const { run, added } = newInFixtureCopy('dbmate', 'add users bio', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual([expect.stringMatching(/^\d{14}_add_users_bio\.sql$/)]);
    expect(added[0]?.[1]).toMatch(/^-- migrate:up\n[\s\S]*\n-- migrate:down\n/);
  });
});
