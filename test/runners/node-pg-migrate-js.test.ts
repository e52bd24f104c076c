// node-pg-migrate JS/TS migrations: SQL files with Up/Down sections and JS/TS modules of MigrationBuilder calls in one
// set, ordered by the numeric prefix; all pending in one transaction unless pgm.noTransaction().
import { describe, expect, it } from 'vitest';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';
import { at, jsonReport } from './js-report.js';

const dir = runnerFixture('node-pg-migrate-js');
const M = 'migrations';

describe('node-pg-migrate runner, JS/TS migrations', () => {
  it('reads JS, TS and SQL migrations of one set in prefix order; pgm.noTransaction() leaves the run transaction', async () => {
    const set = await readRunnerSet('node-pg-migrate-js', [M]);
    expect(rows(set, dir).map((r) => r.slice(0, 5))).toEqual([
      ['1700000000000_create-jobs', 'node-pg-migrate', 'orm', 'whole-run', 'whole-run'],
      ['1700000000001_jobs-state', 'node-pg-migrate', 'orm', 'whole-run', 'whole-run'],
      ['1700000000002_jobs-name-index', 'node-pg-migrate', 'orm', 'none', 'none'],
      ['1700000000003_jobs-archive', 'node-pg-migrate', 'sections', 'whole-run', 'whole-run'],
      ['1700000000004_jobs-state-name-index', 'node-pg-migrate', 'orm', 'none', 'none'],
    ]);
    expect(set.problems).toEqual([]);
    expect(set.migrations[1]?.up.text).toBe(`ALTER TABLE "jobs"\n  ADD "state" job_state DEFAULT $pg1$queued$pg1$ NOT NULL;\nCREATE INDEX "jobs_state_index" ON "jobs" ("state");\n`);
  });

  it('lint: pgm.createIndex without concurrently on an existing table; with concurrently and noTransaction, nothing', () => {
    const { code, entries } = jsonReport(dir);
    expect(code).toBe(1);
    const e = (name: string) => entries.get(`${M}/${name}`);
    expect(at(e('1700000000001_jobs-state.ts'), 'require-concurrent-index-creation')).toEqual(['5:3']);
    expect(at(e('1700000000001_jobs-state.ts'), 'require-concurrent-index-deletion')).toEqual(['9:3']);
    expect(e('1700000000002_jobs-name-index.ts')?.messages).toEqual([]);
    expect(at(e('1700000000000_create-jobs.js'), 'prefer-text-field')).toEqual(['6:3']);
    expect(at(e('1700000000003_jobs-archive.sql'), 'require-lock-timeout')).toEqual(['5:1']);
    // Outside a transaction the fix is withheld only because the builder generates the SQL: the help names the option.
    expect(e('1700000000004_jobs-state-name-index.ts')?.messages.find((m) => m.ruleId === 'require-concurrent-index-creation')?.help).toBe(
      'Use CREATE INDEX CONCURRENTLY. Add `concurrently: true` to its options, `pgm.createIndex(…, { concurrently: true })`, in a migration that calls `pgm.noTransaction()` (node-pg-migrate then runs it outside a transaction); it then sends: CREATE INDEX CONCURRENTLY "jobs_state_name_index" ON "jobs" ("state", "name");',
    );
  });
});
