import { describe, expect, it } from 'vitest';
import { lintSql } from './helpers/lint-sql.js';

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
