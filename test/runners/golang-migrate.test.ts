// golang-migrate: `{version}_{title}.up.sql` / `.down.sql` paired by version in a Go module; each file
// one multi-statement query (implicit transaction) unless x-multi-statement=true (config
// runnerOptions["golang-migrate"].multiStatement): statements one by one, no transaction.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('golang-migrate');
const M = 'migrations';

describe('golang-migrate runner', () => {
  it('detects the Go module, orders numerically and pairs by version (30_add_x.up.sql with 30_drop_x.down.sql)', async () => {
    const set = await readRunnerSet('golang-migrate', [M]);
    expect(rows(set, dir)).toEqual([
      ['10_create_orders', 'golang-migrate', 'up-down-files', 'implicit', 'implicit', `${M}/10_create_orders.up.sql`, `${M}/10_create_orders.down.sql`],
      ['30_add_x', 'golang-migrate', 'up-down-files', 'implicit', 'implicit', `${M}/30_add_x.up.sql`, `${M}/30_drop_x.down.sql`],
      ['40_orders_status_index', 'golang-migrate', 'up-down-files', 'implicit', 'implicit', `${M}/40_orders_status_index.up.sql`, `${M}/40_orders_status_index.down.sql`],
      ['50_customers_email_index', 'golang-migrate', 'up-down-files', 'implicit', 'implicit', `${M}/50_customers_email_index.up.sql`, `${M}/50_customers_email_index.down.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: a lone CONCURRENTLY is fine (one statement, no transaction); two in one file fail (one implicit transaction)', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([
      `${M}/50_customers_email_index.down.sql:1`,
      `${M}/50_customers_email_index.down.sql:2`,
      `${M}/50_customers_email_index.up.sql:1`,
      `${M}/50_customers_email_index.up.sql:2`,
    ]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('golang-migrate sends the file as one multi-statement query');
    expect(concurrent?.help).toContain('holding that one statement alone');
    expect(byRule(findings, 'invalid-file')).toEqual([]);
  });

  it('runnerOptions multiStatement (x-multi-statement=true): statements run one by one, so both indexes of 50 pass and no lock is held across statements', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-golang-migrate-'));
    try {
      cpSync(dir, work, { recursive: true });
      writeFileSync(path.join(work, '.migrationlintrc.json'), JSON.stringify({ runnerOptions: { 'golang-migrate': { multiStatement: true } } }));
      const { findings, stderr } = lintFindings(work);
      expect(stderr).toBe('');
      expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
      expect(byRule(findings, 'long-lock-hold')).toEqual([]);
      expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/10_create_orders.down.sql:1`, `${M}/30_add_x.up.sql:1`, `${M}/30_drop_x.down.sql:1`]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('bad input: a second up file for one version is a finding on that file; the rest is still linted', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-golang-migrate-'));
    try {
      cpSync(dir, work, { recursive: true });
      writeFileSync(path.join(work, M, '40_orders_status_again.up.sql'), 'CREATE INDEX orders_status_again_idx ON orders (status);\n');
      const { findings } = lintFindings(work);
      expect(findings.filter((f) => f.rule === 'invalid-file').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
        `${M}/40_orders_status_index.up.sql:1 another up migration for version 40: ${M}/40_orders_status_again.up.sql`,
      ]);
      expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toHaveLength(4);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a misspelt runnerOptions key is a config error at its position (exit 2)', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-golang-migrate-'));
    try {
      cpSync(dir, work, { recursive: true });
      writeFileSync(path.join(work, '.migrationlintrc.json'), '{ "runnerOptions": { "golang-migrate": { "multistatement": true } } }');
      const run = runCli(['lint'], { cwd: work });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('.migrationlintrc.json:1:42: runnerOptions.golang-migrate.multistatement: unknown key');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('new: the next version as an up/down pair', () => {
    const { run, added } = newInFixtureCopy('golang-migrate', 'add orders note', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['51_add_orders_note.down.sql', '51_add_orders_note.up.sql']);
  });
});
