// Supabase CLI: supabase/migrations/<digits>_<name>.sql, each file and its history insert sent as one batch.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('supabase');
const M = 'supabase/migrations';

describe('supabase runner', () => {
  it('detects supabase/config.toml and reads <digits>_<name>.sql in version order', async () => {
    const set = await readRunnerSet('supabase', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000_create_profiles', 'supabase', 'plain', 'wrapped', null, `${M}/20240101000000_create_profiles.sql`, null],
      ['20240102000000_profiles_username_idx', 'supabase', 'plain', 'wrapped', null, `${M}/20240102000000_profiles_username_idx.sql`, null],
      ['20240103000000_profiles_bio', 'supabase', 'plain', 'wrapped', null, `${M}/20240103000000_profiles_bio.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY alone still runs in the batch’s implicit transaction (the history insert rides along); the CLI sets no lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20240102000000_profiles_username_idx.sql:1`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('history insert as one batch');
    expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/20240103000000_profiles_bio.sql:1`]);
  });

  it('new: writes the next <timestamp>_<name>.sql in supabase/migrations', () => {
    const { run, added } = newInFixtureCopy('supabase', 'add profiles avatar', M);
    expect(run.code).toBe(0);
    expect(added).toHaveLength(1);
    expect(added[0]?.[0]).toMatch(/^\d{14}_add_profiles_avatar\.sql$/);
  });
});
