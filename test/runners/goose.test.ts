// goose: `-- +goose Up` / `-- +goose Down` sections, one transaction per file unless
// `-- +goose NO TRANSACTION`; `StatementBegin` / `StatementEnd` keep a function body whole.
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('goose');
const M = 'migrations';

describe('goose runner', () => {
  it('detects the markers, orders by version, reads up and down sections; NO TRANSACTION covers both', async () => {
    const set = await readRunnerSet('goose', [M]);
    expect(rows(set, dir)).toEqual([
      ['00001_create_users', 'goose', 'goose', 'wrapped', 'wrapped', `${M}/00001_create_users.sql`, `${M}/00001_create_users.sql`],
      ['00002_users_email_index', 'goose', 'goose', 'none', 'none', `${M}/00002_users_email_index.sql`, `${M}/00002_users_email_index.sql`],
      ['00003_users_name_index', 'goose', 'goose', 'wrapped', 'wrapped', `${M}/00003_users_name_index.sql`, `${M}/00003_users_name_index.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: the StatementBegin/End function parses; CONCURRENTLY passes under NO TRANSACTION and fails in the wrapped file', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'syntax-error')).toEqual([]);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/00003_users_name_index.sql:2`]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('goose runs each migration in a transaction');
    expect(concurrent?.help).toContain('`-- +goose NO TRANSACTION`');
  });

  it('new: the next number with goose sections', () => {
    const { run, added } = newInFixtureCopy('goose', 'add users bio', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['00004_add_users_bio.sql']);
    expect(added[0]?.[1]).toMatch(/^-- \+goose Up\n[\s\S]*\n-- \+goose Down\n/);
  });
});
