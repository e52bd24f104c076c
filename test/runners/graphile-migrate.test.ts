// graphile-migrate: committed/ in number order then current.sql, headers are comments,
// `--! no-transaction` sends the file as one query (one statement only); new writes current.sql.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphileMigrate } from '../../src/runners/graphile-migrate.js';
import { createProbe } from '../../src/runners/probe.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('graphile-migrate');

describe('graphile-migrate runner', () => {
  it('runs committed/ in number order, then current.sql as the newest; no-transaction files go as one query', async () => {
    const set = await readRunnerSet('graphile-migrate', ['migrations']);
    expect(rows(set, dir)).toEqual([
      ['000001', 'graphile-migrate', 'plain', 'wrapped', null, 'migrations/committed/000001.sql', null],
      ['000002_status-index', 'graphile-migrate', 'plain', 'implicit', null, 'migrations/committed/000002-status-index.sql', null],
      ['000003', 'graphile-migrate', 'plain', 'implicit', null, 'migrations/committed/000003.sql', null],
      ['000004_note-backfill', 'graphile-migrate', 'plain', 'wrapped', null, 'migrations/committed/000004-note-backfill.sql', null],
      ['current_current', 'graphile-migrate', 'plain', 'wrapped', null, 'migrations/current.sql', null],
    ]);
  });

  it('lint: a lone CONCURRENTLY under --! no-transaction is fine; two statements there are a finding and CONCURRENTLY then fails; roll-forward sets get no down noise', () => {
    const { findings, stderr } = lintFindings(dir, ['migrations']);
    expect(stderr).toBe('');
    expect(findings.filter((f) => f.rule === 'invalid-file').map((f) => [f.file, f.line, f.message])).toEqual([
      ['migrations/committed/000003.sql', 1, '`--! no-transaction` file holds 2 statements: graphile-migrate runs such a file as one query and requires exactly one statement'],
    ]);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual(['migrations/committed/000003.sql:5', 'migrations/committed/000004-note-backfill.sql:4']);
    expect(findings.find((f) => f.file.endsWith('000004-note-backfill.sql'))?.help ?? '').toContain('--! no-transaction');
    expect(byRule(findings, 'backfill-in-ddl-transaction')).toEqual(['migrations/current.sql:3']);
    expect(byRule(findings, 'require-down-migration')).toEqual([]);
    expect(byRule(findings, 'syntax-error')).toEqual([]);
  });

  it('new: graphile-migrate’s flow writes the next migration into current.sql', async () => {
    const set = await readRunnerSet('graphile-migrate', ['migrations']);
    const plan = graphileMigrate.newMigration?.({ migrations: set.migrations.slice(0, 4), slug: 'x', now: new Date(), probe: createProbe() });
    expect(plan?.create.map((f) => path.relative(dir, f.file))).toEqual(['migrations/current.sql']);
  });
});
