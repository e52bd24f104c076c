// Atlas: <version>_<name>.sql beside atlas.sum in file-name order, `-- atlas:txmode none|file`,
// `-- atlas:delimiter`, no down files, atlas.sum problems, new without touching atlas.sum.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('atlas');
const M = 'migrations';

describe('atlas runner', () => {
  it('detects atlas.sum and reads the files in name order: txmode none runs without a transaction, file (the default) in one', async () => {
    const set = await readRunnerSet('atlas', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000_init', 'atlas', 'plain', 'wrapped', null, `${M}/20240101000000_init.sql`, null],
      ['20240102000000_orders_account_index', 'atlas', 'plain', 'none', null, `${M}/20240102000000_orders_account_index.sql`, null],
      ['20240103000000_accounts_note', 'atlas', 'plain', 'wrapped', null, `${M}/20240103000000_accounts_note.sql`, null],
      ['20240104000000_orders_indexes', 'atlas', 'plain', 'none', null, `${M}/20240104000000_orders_indexes.sql`, null],
      ['20240105000000_orders_touch', 'atlas', 'plain', 'wrapped', null, `${M}/20240105000000_orders_touch.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: statements split at the atlas:delimiter (---, a blank line, but not one inside a $$ body), CONCURRENTLY fails only where the file runs in a transaction; no down noise', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'syntax-error')).toEqual([]);
    // `---` ends the ADD COLUMN on line 3; the CREATE INDEX on line 5 is a statement of its own, in the file's transaction.
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20240103000000_accounts_note.sql:5`]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('Atlas runs the statements of each migration file in one transaction');
    expect(concurrent?.help).toContain('`-- atlas:txmode none`');
    // The blank line inside the function's $$ body does not end it: the ADD COLUMN after the next blank line is statement 2.
    expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/20240103000000_accounts_note.sql:3`, `${M}/20240105000000_orders_touch.sql:11`]);
    expect(findings.find((f) => f.rule === 'require-lock-timeout')?.help).toContain('Atlas sets none');
    expect(byRule(findings, 'require-down-migration')).toEqual([]);
  });

  it('bad input: txmode all in a file, a file atlas.sum lacks and an atlas.sum line naming a missing file, each at its line; the rest is still linted', () => {
    const { findings } = lintFindings(dir, ['broken']);
    expect(byRule(findings, 'invalid-file')).toEqual(['broken/1_init.sql:1', 'broken/3_unhashed.sql:1', 'broken/atlas.sum:3']);
    expect(findings.find((f) => f.file === 'broken/1_init.sql')?.message).toContain('unknown txmode "all"');
    expect(findings.find((f) => f.file === 'broken/atlas.sum')?.message).toContain('atlas.sum names 2_missing.sql');
    expect(byRule(findings, 'require-concurrent-index-creation')).toEqual(['broken/3_unhashed.sql:1']);
  });

  it('new: writes <UTC yyyymmddhhmmss>_<name>.sql, leaves atlas.sum alone and says to run atlas migrate hash', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-atlas-'));
    try {
      cpSync(dir, work, { recursive: true });
      const sum = readFileSync(path.join(work, M, 'atlas.sum'), 'utf8');
      const before = new Set(readdirSync(path.join(work, M)));
      const run = runCli(['new', 'add accounts name'], { cwd: work });
      expect(run.code).toBe(0);
      const added = readdirSync(path.join(work, M)).filter((n) => !before.has(n));
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^\d{14}_add_accounts_name\.sql$/);
      expect(run.stdout.trim()).toBe(`${M}/${added[0] ?? ''}`);
      expect(run.stderr).toContain('atlas migrate hash --dir file://');
      expect(readFileSync(path.join(work, M, 'atlas.sum'), 'utf8')).toBe(sum);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
