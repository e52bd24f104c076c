// sqlx: reversible `.up.sql` / `.down.sql` or simple `<VERSION>_<DESC>.sql` in a Rust crate; one
// transaction per migration unless the first line is `-- no-transaction` (then one query).
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('sqlx');
const M = 'migrations';

describe('sqlx runner', () => {
  it('reversible and simple layouts beside Cargo.toml; -- no-transaction makes the file one implicit transaction', async () => {
    const reversible = await readRunnerSet('sqlx', [`reversible/${M}`]);
    expect(rows(reversible, dir)).toEqual([
      ['20240101000000_create_users', 'sqlx', 'up-down-files', 'wrapped', 'wrapped', `reversible/${M}/20240101000000_create_users.up.sql`, `reversible/${M}/20240101000000_create_users.down.sql`],
      ['20240102000000_users_email_index', 'sqlx', 'up-down-files', 'implicit', 'implicit', `reversible/${M}/20240102000000_users_email_index.up.sql`, `reversible/${M}/20240102000000_users_email_index.down.sql`],
    ]);
    const simple = await readRunnerSet('sqlx', [`simple/${M}`]);
    expect(rows(simple, dir)).toEqual([
      ['20240101000000_create_users', 'sqlx', 'plain', 'wrapped', null, `simple/${M}/20240101000000_create_users.sql`, null],
      ['20240102000000_users_indexes', 'sqlx', 'plain', 'implicit', null, `simple/${M}/20240102000000_users_indexes.sql`, null],
      ['20240103000000_users_lower_email', 'sqlx', 'plain', 'wrapped', null, `simple/${M}/20240103000000_users_lower_email.sql`, null],
    ]);
    expect([...reversible.problems, ...simple.problems]).toEqual([]);
  });

  it('lint: CONCURRENTLY alone under no-transaction passes, two in one file or one in a wrapped file fail', () => {
    expect(byRule(lintFindings(`${dir}/reversible`).findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
    const { findings } = lintFindings(`${dir}/simple`);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([
      `${M}/20240102000000_users_indexes.sql:2`,
      `${M}/20240102000000_users_indexes.sql:3`,
      `${M}/20240103000000_users_lower_email.sql:1`,
    ]);
    expect(findings.find((f) => f.file.endsWith('lower_email.sql'))?.help).toContain('`-- no-transaction` on the first line');
  });

  it('new: a reversible set gets an up/down pair', () => {
    const { run, added } = newInFixtureCopy('sqlx/reversible', 'add users bio', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual([expect.stringMatching(/^\d{14}_add_users_bio\.down\.sql$/), expect.stringMatching(/^\d{14}_add_users_bio\.up\.sql$/)]);
  });
});
