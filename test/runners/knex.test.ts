// Knex: migration modules read by src/hosts/js/knex.ts, linted where the calls are written.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';
import { at, jsonReport } from './js-report.js';

const dir = runnerFixture('knex');
const M = 'migrations';

describe('knex runner', () => {
  it('reads migration modules in file-name order, each in its own transaction unless config.transaction is false', async () => {
    const set = await readRunnerSet('knex', [M]);
    expect(rows(set, dir).map((r) => r.slice(0, 5))).toEqual([
      ['20240101090000_create_accounts', 'knex', 'orm', 'wrapped', 'wrapped'],
      ['20240102090000_index_accounts_verified', 'knex', 'orm', 'wrapped', 'wrapped'],
      ['20240103090000_index_accounts_email_lower', 'knex', 'orm', 'wrapped', 'wrapped'],
      ['20240104090000_index_accounts_created', 'knex', 'orm', 'none', 'none'],
      ['20240105090000_backfill_accounts', 'knex', 'orm', 'wrapped', 'wrapped'],
    ]);
    expect(set.problems.map((p) => [path.basename(p.file), p.ruleId])).toEqual([['20240106090000_broken.js', 'invalid-file']]);
    expect(set.migrations[1]?.up.text).toContain('create index "accounts_verified_index" on "accounts" ("verified")');
  });

  it('lint: builder findings on the call, literal findings inside the string, the transaction opt-out honoured, the parse error located', () => {
    const { code, entries } = jsonReport(dir);
    expect(code).toBe(1);
    const e = (name: string) => entries.get(`${M}/${name}`);
    // table.index('verified') on a table an earlier migration created: a plain CREATE INDEX.
    expect(at(e('20240102090000_index_accounts_verified.js'), 'require-concurrent-index-creation')).toEqual(['3:5']);
    expect(at(e('20240102090000_index_accounts_verified.js'), 'require-concurrent-index-deletion')).toEqual(['9:5']);
    // knex.raw('CREATE INDEX CONCURRENTLY …') in Knex's per-migration transaction: inside the literal.
    const tx = e('20240103090000_index_accounts_email_lower.js')?.messages.find((m) => m.ruleId === 'ban-concurrent-index-creation-in-transaction');
    expect(tx && `${tx.line}:${tx.column}`).toBe('3:19');
    expect(tx?.message).toContain('Knex runs each migration in its own transaction');
    expect(tx?.help).toContain('exports.config = { transaction: false }');
    // The same index with `export const config = { transaction: false }`: nothing to say.
    expect(e('20240104090000_index_accounts_created.js')?.messages).toEqual([]);
    expect(at(e('20240101090000_create_accounts.js'), 'prefer-text-field')).toEqual(['5:10']);
    expect(at(e('20240106090000_broken.js'), 'invalid-file')).toEqual(['4:3']);
  });

  it('coverage: the dynamic string and the helper call are counted and located', () => {
    const { entries } = jsonReport(dir);
    expect(entries.get(`${M}/20240105090000_backfill_accounts.js`)?.coverage).toEqual({
      resolved: 0,
      total: 2,
      unresolved: [
        { line: 5, column: 9, reason: 'dynamic string' },
        { line: 6, column: 9, reason: 'helper function batch()' },
      ],
    });
    const stylish = runCli(['lint'], { cwd: dir });
    expect(stylish.stderr).toContain(`${M}: analysed 9 of 11 SQL operations; 2 dynamic: ${M}/20240105090000_backfill_accounts.js:5, ${M}/20240105090000_backfill_accounts.js:6`);
  });
});
