// Table-driven rule tests (ESLint RuleTester style): valid SQL must not fire the rule; each
// invalid case lists every finding of the rule with exact positions, and the fixed output.
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { applyFixes } from '../../src/fix.js';
import { lintSql, type LintSqlOptions } from './lint-sql.js';

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Substring the message must contain. */
  message?: string;
  /** Substring the help must contain. */
  help?: string;
}

export interface ValidCase extends Omit<LintSqlOptions, 'rules'> {
  sql: string;
  options?: Record<string, unknown>;
  name?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The SQL after applying the rule's fixes; omit when no fix is offered. */
  output?: string;
}

export function ruleTester(ruleId: string, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  const rule = rules.get(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const seen = new Set<string>();
  const key = (c: ValidCase) => JSON.stringify(c);
  const lintCase = (c: ValidCase | InvalidCase) => {
    const { sql, options, name: _name, ...rest } = c;
    if ('errors' in rest) delete (rest as Partial<InvalidCase>).errors;
    if ('output' in rest) delete (rest as Partial<InvalidCase>).output;
    const severity = rule.meta.severity === 'off' ? 'error' : rule.meta.severity;
    return lintSql(sql, { ...rest, rules: { ...(rest as LintSqlOptions).rules, [ruleId]: options ? [severity, options] : severity } });
  };

  describe(ruleId, () => {
    for (const raw of cases.valid) {
      const c = typeof raw === 'string' ? { sql: raw } : raw;
      if (seen.has(key(c))) throw new Error(`duplicate valid case: ${c.sql}`);
      seen.add(key(c));
      it(`valid: ${c.name ?? c.sql.slice(0, 70)}`, async () => {
        const result = await lintCase(c);
        expect(result.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
        expect(result.findings.filter((f) => f.ruleId === ruleId && !f.suppressed)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      if (seen.has(key(c))) throw new Error(`duplicate invalid case: ${c.sql}`);
      seen.add(key(c));
      it(`invalid: ${c.name ?? c.sql.slice(0, 70)}`, async () => {
        const result = await lintCase(c);
        expect(result.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
        const found = result.findings.filter((f) => f.ruleId === ruleId && !f.suppressed);
        expect(found.map((f) => ({ line: f.start.line, column: f.start.column, endLine: f.end.line, endColumn: f.end.column, message: f.message, help: f.help })))
          .toEqual(c.errors.map((e, i) => ({
            line: e.line,
            column: e.column,
            endLine: e.endLine ?? found[i]?.end.line,
            endColumn: e.endColumn ?? found[i]?.end.column,
            message: e.message ? expect.stringContaining(e.message) : found[i]?.message,
            help: e.help ? expect.stringContaining(e.help) : found[i]?.help,
          })));
        const fixes = found.flatMap((f) => (f.fix ? [f.fix] : []));
        if (c.output === undefined) {
          expect(fixes, 'a fix was offered: add `output` to the case').toEqual([]);
          return;
        }
        const fixed = applyFixes(c.sql, fixes).text;
        expect(fixed).toBe(c.output);
        const after = await lintCase({ ...c, sql: fixed });
        expect(after.findings.filter((f) => f.ruleId === 'syntax-error' || f.ruleId === ruleId)).toEqual([]);
      });
    }
  });
}
