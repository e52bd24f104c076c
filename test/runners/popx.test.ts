// popx (ory): `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`; the `.postgres.` file
// replaces the generic one, other dialects never run, `.autocommit.` runs outside a transaction.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('popx');
const M = 'persistence/sql/migrations';

describe('popx runner', () => {
  it('keeps the postgres variant over the generic file, skips mysql and sqlite3, reads .autocommit. as no transaction', async () => {
    const set = await readRunnerSet('popx', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000000000_identities', 'popx', 'up-down-files', 'wrapped', 'wrapped', `${M}/20240101000000000000_identities.postgres.up.sql`, `${M}/20240101000000000000_identities.down.sql`],
      ['20240102000000000000_identities_created_at', 'popx', 'up-down-files', 'none', 'none', `${M}/20240102000000000000_identities_created_at.postgres.autocommit.up.sql`, `${M}/20240102000000000000_identities_created_at.postgres.autocommit.down.sql`],
      ['20240103000000000000_identities_traits', 'popx', 'up-down-files', 'wrapped', 'wrapped', `${M}/20240103000000000000_identities_traits.postgres.up.sql`, `${M}/20240103000000000000_identities_traits.postgres.down.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY passes in the autocommit file and fails in the transactional one; the MySQL files are not linted', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20240103000000000000_identities_traits.postgres.up.sql:1`]);
    expect(findings.filter((f) => f.file.includes('.mysql.') || f.file.includes('.sqlite3.'))).toEqual([]);
    expect(byRule(findings, 'syntax-error')).toEqual([]);
  });

  it('new: the next 20-digit version as a generic up/down pair', () => {
    const { run, added } = newInFixtureCopy('popx', 'add identities state', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual([expect.stringMatching(/^\d{20}_add_identities_state\.down\.sql$/), expect.stringMatching(/^\d{20}_add_identities_state\.up\.sql$/)]);
  });
});
