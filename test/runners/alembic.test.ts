// alembic offline output (`alembic upgrade head --sql`): one migration per `-- Running upgrade A -> B`,
// the file's own BEGIN/COMMIT are the transaction.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('alembic');
const F = 'sql/upgrade.sql';

describe('alembic runner (offline SQL)', () => {
  it('reads one migration per revision, named by its message (else its revision), inside the one BEGIN/COMMIT of the file', async () => {
    const set = await readRunnerSet('alembic', ['sql']);
    expect(rows(set, dir)).toEqual([
      ['1975ea83b712_1975ea83b712', 'alembic', 'alembic', 'wrapped', null, F, null],
      ['ae1027a6acf_add last_transaction_date', 'alembic', 'alembic', 'wrapped', null, F, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY inside the file transaction fails, with the line of the original file', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${F}:23`]);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.help).toContain('autocommit_block()');
  });

  it('new refuses: the revision comes from alembic', () => {
    const run = runCli(['new', 'add x'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('alembic upgrade --sql');
  });
});
