// morph (mattermost/morph): golang-migrate's names, one transaction per file unless its first line
// is `-- morph:nontransactional` (then one multi-statement query); told from golang-migrate by the
// directive or by a go.mod requiring morph.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byRule, lintFindings, newInFixtureCopy, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('morph');
const M = 'db/migrations/postgres';

describe('morph runner', () => {
  it('detects morph in go.mod, pairs up and down by version; nontransactional files are one implicit transaction', async () => {
    const set = await readRunnerSet('morph', [M]);
    expect(rows(set, dir)).toEqual([
      ['000001_create_posts', 'morph', 'up-down-files', 'wrapped', 'wrapped', `${M}/000001_create_posts.up.sql`, `${M}/000001_create_posts.down.sql`],
      ['000002_create_index_posts_channel', 'morph', 'up-down-files', 'implicit', 'implicit', `${M}/000002_create_index_posts_channel.up.sql`, `${M}/000002_create_index_posts_channel.down.sql`],
      ['000003_posts_createat_index', 'morph', 'up-down-files', 'implicit', 'wrapped', `${M}/000003_posts_createat_index.up.sql`, `${M}/000003_posts_createat_index.down.sql`],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY alone under nontransactional is fine; with another statement, or in a transactional down, it fails', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/000003_posts_createat_index.down.sql:1`, `${M}/000003_posts_createat_index.up.sql:3`]);
    const messages = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction').map((f) => f.message);
    expect(messages[0]).toContain('morph runs each migration file in a transaction');
    expect(messages[1]).toContain('one multi-statement query');
  });

  it('bad input: the morph directive in a golang-migrate module is ambiguous (a finding on its line); files with names only stay golang-migrate', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-morph-'));
    try {
      writeFileSync(path.join(work, 'go.mod'), 'module example.com/x\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.1\n');
      writeFileSync(path.join(work, '.migrationlintrc.json'), '{}');
      mkdirSync(path.join(work, 'migrations'));
      writeFileSync(path.join(work, 'migrations', '1_users.up.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n');
      writeFileSync(path.join(work, 'migrations', '2_users_email.up.sql'), '-- morph:nontransactional\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n');
      const { findings } = lintFindings(work);
      expect(byRule(findings, 'invalid-file')).toEqual(['migrations/2_users_email.up.sql:1']);
      expect(findings.find((f) => f.rule === 'invalid-file')?.message).toContain('two runners: golang-migrate');
      // Read as golang-migrate: the lone CONCURRENTLY is one statement, outside any transaction.
      expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
      expect(byRule(findings, 'require-down-migration')).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('new: the next version as an up/down pair', () => {
    const { run, added } = newInFixtureCopy('morph', 'add posts edit at', M);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(added.map(([name]) => name)).toEqual(['000004_add_posts_edit_at.down.sql', '000004_add_posts_edit_at.up.sql']);
  });
});
