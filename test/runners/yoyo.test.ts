// yoyo: `-- depends:` orders the set (else file names), `<id>.rollback.sql` is the down,
// `-- transactional: false` runs the statements without a transaction; dependency problems; new.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('yoyo');
const M = 'migrations';
const ACCOUNTS = '20240101_01_aB3dE-create-accounts';
const ORDERS = '20240102_01_Qw8Er-create-orders';
const EMAIL = '20240101_00_Zz9Yx-accounts-email-index';

describe('yoyo runner', () => {
  it('orders by -- depends: (the email index, first by name, runs after the orders it depends on) and pairs each .rollback.sql', async () => {
    const set = await readRunnerSet('yoyo', [M]);
    expect(rows(set, dir)).toEqual([
      [ACCOUNTS, 'yoyo', 'plain', 'wrapped', 'wrapped', `${M}/${ACCOUNTS}.sql`, `${M}/${ACCOUNTS}.rollback.sql`],
      [ORDERS, 'yoyo', 'plain', 'wrapped', 'wrapped', `${M}/${ORDERS}.sql`, `${M}/${ORDERS}.rollback.sql`],
      [EMAIL, 'yoyo', 'plain', 'none', 'none', `${M}/${EMAIL}.sql`, `${M}/${EMAIL}.rollback.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY fails in a transactional migration and passes under transactional: false', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/${ORDERS}.sql:5`]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('yoyo runs each migration in a transaction');
    expect(concurrent?.help).toContain('`-- transactional: false`');
    expect(byRule(findings, 'invalid-file')).toEqual([]);
  });

  it('bad input: a cycle, a dependency on no migration, a rollback of nothing — each on its line, the rest still linted', () => {
    const { findings } = lintFindings(dir, ['broken']);
    expect(byRule(findings, 'invalid-file')).toEqual(['broken/0001_a.sql:1', 'broken/0002_b.sql:1', 'broken/0002_b.sql:1', 'broken/0003_c.sql:1', 'broken/0004_d.rollback.sql:1']);
    const messages = findings.filter((f) => f.rule === 'invalid-file').map((f) => f.message);
    expect(messages.filter((m) => m.startsWith('dependency cycle'))).toHaveLength(2);
    expect(messages).toContain('depends on 0000_gone, which is not a migration of this set: yoyo refuses to load it ("Could not resolve dependencies")');
    expect(messages).toContain('depends on 0002_b, which is in a dependency cycle: yoyo cannot order it');
    expect(byRule(findings, 'require-concurrent-index-creation')).toEqual(['broken/0003_c.sql:2']);
  });

  it('new: <date>_<nn>_<tag>-<name>.sql depending on the newest migration, with its .rollback.sql', () => {
    const { run, added } = newInFixtureCopy('yoyo', 'add orders note', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const names = added.map(([name]) => name);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^\d{8}_01_[A-Za-z0-9]{5}-add-orders-note\.rollback\.sql$/);
    expect(names[1]).toBe(names[0]?.replace('.rollback.sql', '.sql'));
    expect(added[1]?.[1]).toContain(`-- depends: ${EMAIL}\n`);
  });
});
