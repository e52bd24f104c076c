import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSql } from './helpers/lint-sql.js';
import { repoRoot } from './helpers/cli.js';
import { inCI } from './helpers/shared.js';
import { rulesForSquawkId, SQUAWK_RULE_IDS } from '../src/squawk-ids.js';

const summary = async (sql: string, rules: Record<string, 'error' | 'warning' | 'off'> = {}) =>
  (await lintSql(sql, { rules })).findings.map((f) => ({ rule: f.ruleId, line: f.start.line, suppressed: f.suppressed }));

describe('suppressions', () => {
  it('applies to the next statement and keeps the reason', async () => {
    expect(await summary('-- migrationlint-ignore require-concurrent-index-creation -- 12 rows\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);')).toEqual([
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: { reason: '12 rows' } },
      { rule: 'require-concurrent-index-creation', line: 3, suppressed: undefined },
    ]);
  });

  it('applies to the statement on the same line', async () => {
    expect(await summary('CREATE INDEX i ON t (a); -- migrationlint-ignore require-concurrent-index-creation -- small\nCREATE INDEX j ON t (b);')).toEqual([
      { rule: 'require-concurrent-index-creation', line: 1, suppressed: { reason: 'small' } },
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: undefined },
    ]);
  });

  it('applies to a whole file, in block comments too', async () => {
    const result = await summary('/* migrationlint-ignore-file require-concurrent-index-creation -- seed data */\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);');
    expect(result.every((f) => f.suppressed?.reason === 'seed data')).toBe(true);
    expect(result).toHaveLength(2);
  });

  it('reports unused, unknown and (when enabled) reasonless suppressions', async () => {
    const sql = '-- migrationlint-ignore require-concurrent-index-creation, no-such-rule\nSELECT 1;';
    expect(await summary(sql, { 'suppression-missing-reason': 'warning' })).toEqual([
      { rule: 'suppression-missing-reason', line: 1, suppressed: undefined },
      { rule: 'unknown-rule', line: 1, suppressed: undefined },
      { rule: 'unused-suppression', line: 1, suppressed: undefined },
    ]);
  });

  it('takes a reason wholly in angle brackets for a placeholder, not a reason', async () => {
    const result = await lintSql('-- migrationlint-ignore require-concurrent-index-creation -- <why is this safe?>\nCREATE INDEX i ON t (a);\n-- migrationlint-ignore require-concurrent-index-creation -- <10 rows> in prod\nCREATE INDEX j ON t (b);', {
      rules: { 'suppression-missing-reason': 'error' },
    });
    expect(result.findings.map((f) => [f.ruleId, f.start.line, f.suppressed, f.ruleId === 'suppression-missing-reason' ? f.message : ''])).toEqual([
      ['suppression-missing-reason', 1, undefined, 'migrationlint-ignore has the placeholder "<why is this safe?>" instead of a reason: replace it with why this is safe.'],
      ['require-concurrent-index-creation', 2, {}, ''],
      ['require-concurrent-index-creation', 4, { reason: '<10 rows> in prod' }, ''],
    ]);
  });

  it('does not count suppressed findings as errors, and cannot suppress a syntax error', async () => {
    const result = await lintSql('-- migrationlint-ignore syntax-error -- no\nSELEC 1;\n-- migrationlint-ignore require-concurrent-index-creation -- ok\nCREATE INDEX i ON t (a);');
    expect(result.errorCount).toBe(1);
    expect(result.findings.find((f) => f.ruleId === 'syntax-error')?.suppressed).toBeUndefined();
  });

  it('ignores the marker inside string literals', async () => {
    expect(await summary("SELECT '-- migrationlint-ignore require-concurrent-index-creation -- x';\nCREATE INDEX i ON t (a);")).toEqual([
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: undefined },
    ]);
  });
});

describe('squawk-compatible suppressions', () => {
  const squawkBin = join(repoRoot, 'node_modules', '.bin', 'squawk');

  it('squawk-ignore suppresses the next statement for the rules we share, with no findings of its own', async () => {
    const sql = '-- squawk-ignore require-concurrent-index-creation, prefer-robust-stmts\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);';
    expect(await summary(sql, { 'suppression-missing-reason': 'warning' })).toEqual([
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: {} },
      { rule: 'require-concurrent-index-creation', line: 3, suppressed: undefined },
    ]);
  });

  it('squawk-ignore-file in a block comment covers the whole file; squawk names map to ours', async () => {
    const sql = 'CREATE TABLE t (a timestamp, b int);\n/* squawk-ignore-file prefer-timestamp-tz */\nALTER TABLE t ADD COLUMN c timestamp;';
    expect(await summary(sql, { 'prefer-timestamptz': 'warning', 'prefer-bigint-over-int': 'warning' })).toEqual([
      { rule: 'prefer-timestamptz', line: 1, suppressed: {} },
      { rule: 'prefer-bigint-over-int', line: 1, suppressed: undefined },
      { rule: 'prefer-timestamptz', line: 3, suppressed: {} },
    ]);
  });

  it('a bare squawk-ignore-file silences every shared rule; a bare squawk-ignore silences nothing (as in squawk)', async () => {
    expect(await summary('-- squawk-ignore-file\nCREATE INDEX i ON t (a);\nALTER TABLE t DROP COLUMN c;')).toEqual([
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: {} },
      { rule: 'ban-drop-column', line: 3, suppressed: {} },
    ]);
    expect(await summary('-- squawk-ignore\nCREATE INDEX i ON t (a);')).toEqual([{ rule: 'require-concurrent-index-creation', line: 2, suppressed: undefined }]);
  });

  it('ignores squawk rule names we lack or squawk does not know, silently; never reports unused or reasonless squawk comments', async () => {
    const sql = '-- squawk-ignore prefer-repack, no-such-squawk-rule\nCREATE INDEX i ON t (a);\n-- squawk-ignore ban-drop-column\nSELECT 1;';
    expect(await summary(sql, { 'suppression-missing-reason': 'warning' })).toEqual([
      { rule: 'require-concurrent-index-creation', line: 2, suppressed: undefined },
    ]);
  });

  it('does not turn a migrationlint suppression of a squawk-only name into a silent one', async () => {
    expect(await summary('-- migrationlint-ignore prefer-repack -- x\nSELECT 1;')).toEqual([{ rule: 'unknown-rule', line: 1, suppressed: undefined }]);
  });

  it.runIf(existsSync(squawkBin) || inCI)('every squawk id in src/squawk-ids.ts except later additions is a rule name the installed squawk accepts', () => {
    const names = SQUAWK_RULE_IDS.filter((id) => id !== 'ban-drop-schema');
    const run = spawnSync(squawkBin, [`--exclude=${names.join(',')}`], { input: 'SELECT 1;\n', encoding: 'utf8' });
    expect(run.stderr).not.toContain('invalid rule name');
    expect(run.status).toBe(0);
    const bogus = spawnSync(squawkBin, ['--exclude=no-such-squawk-rule'], { input: 'SELECT 1;\n', encoding: 'utf8' });
    expect(bogus.stderr).toContain('invalid rule name');
  });

  it('maps squawk names to ours: same name, renamed, or none', () => {
    expect(rulesForSquawkId('ban-drop-column')).toEqual(['ban-drop-column']);
    expect(rulesForSquawkId('prefer-timestamp-tz')).toEqual(['prefer-timestamptz']);
    expect(rulesForSquawkId('require-timeout-settings')).toEqual(['require-lock-timeout', 'require-statement-timeout']);
    expect(rulesForSquawkId('prefer-repack')).toEqual([]);
    expect(rulesForSquawkId('merge-alter-table')).toEqual([]);
  });
});
