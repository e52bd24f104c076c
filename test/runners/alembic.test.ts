// alembic offline output (`alembic upgrade head --sql`, transaction_per_migration = True): one
// migration per `-- Running upgrade A -> B, message`, each holding the BEGIN/COMMIT alembic printed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('alembic');
const F = 'sql/upgrade.sql';

describe('alembic runner (offline SQL)', () => {
  it('reads one migration per revision, named by revision and message, each with its own BEGIN/COMMIT', async () => {
    const set = await readRunnerSet('alembic', ['sql']);
    expect(rows(set, dir)).toEqual([
      ['3b1f0c2d4e5a_create invoices', 'alembic', 'alembic', 'none', null, F, null],
      ['9c8d7e6f5a4b_index invoices by customer', 'alembic', 'alembic', 'none', null, F, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY inside the revision’s BEGIN fails, at the line of the original file; the BEGIN/COMMIT pairs are no nesting', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${F}:25`]);
    expect(byRule(findings, 'transaction-nesting')).toEqual([]);
    expect(byRule(findings, 'ban-uncommitted-transaction')).toEqual([]);
  });

  it('new refuses: the revision comes from alembic', () => {
    const run = runCli(['new', 'add x'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('alembic upgrade --sql');
  });
});
