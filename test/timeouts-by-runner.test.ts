// require-lock-timeout and require-statement-timeout follow the runner that will run the
// migration: a SET in the migration, migrationlint's engine (config apply, unless "0"), or a
// deploy that sets them whatever the runner (config deployTimeouts: PGOPTIONS, ALTER ROLE … SET,
// a wrapper such as goalert's migrate.go `set lock_timeout = 15000`).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerFacts } from '../src/runners/facts.js';
import { runners } from '../src/runners/index.js';
import type { Migration } from '../src/types.js';
import { lintFindings } from './helpers/runner-set.js';
import { MODEL_LAYOUTS, writeModelSets } from './helpers/tx-model-sets.js';

const ALTER = ['ALTER TABLE orders ADD COLUMN note text;'];
const SET_FIRST = ["SET lock_timeout = '5s';\nSET statement_timeout = '1min';\nALTER TABLE orders ADD COLUMN note text;"];
const rules = { 'require-lock-timeout': 'warning', 'require-statement-timeout': 'warning' };

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The timeout rules' findings for the migration under a runner's layout and config. */
function timeoutFindings(runner: string, migrations: string[], config: object = {}) {
  const layout = MODEL_LAYOUTS.find((l) => l.runner === runner && l.model !== 'none')!;
  const { dir } = writeModelSets(layout, new Map([['migrations', migrations]]), { rules, ...config });
  dirs.push(dir);
  const { findings, stderr } = lintFindings(dir);
  expect(stderr).toBe('');
  return findings.filter((f) => f.rule.endsWith('-timeout'));
}

describe('timeouts follow the runner', () => {
  it.each(['goose', 'golang-migrate', 'drizzle'])('%s sets none: both rules fire, and the help names the runner and deployTimeouts', (runner) => {
    const found = timeoutFindings(runner, ALTER);
    expect(found.map((f) => f.rule).sort()).toEqual(['require-lock-timeout', 'require-statement-timeout']);
    const lock = found.find((f) => f.rule === 'require-lock-timeout')!;
    expect(lock.help).toContain(`${runners.find((r) => r.name === runner)!.title} sets none`);
    expect(lock.help).toContain('deployTimeouts.lockTimeout');
  });

  it('a SET in the migration covers it', () => {
    expect(timeoutFindings('goose', SET_FIRST)).toEqual([]);
  });

  it('a deploy that sets them (config deployTimeouts) covers every runner', () => {
    expect(timeoutFindings('goose', ALTER, { deployTimeouts: { lockTimeout: true, statementTimeout: true } })).toEqual([]);
    expect(timeoutFindings('goose', ALTER, { deployTimeouts: { lockTimeout: true } }).map((f) => f.rule)).toEqual(['require-statement-timeout']);
  });

  it("migrationlint's engine sets lock_timeout from config apply (5s by default) unless it is \"0\"", () => {
    expect(timeoutFindings('migrationlint', ALTER).map((f) => f.rule)).toEqual(['require-statement-timeout']);
    expect(timeoutFindings('migrationlint', ALTER, { apply: { statementTimeout: '10min' } })).toEqual([]);
    const off = timeoutFindings('migrationlint', ALTER, { apply: { lockTimeout: '0' } }).find((f) => f.rule === 'require-lock-timeout');
    expect(off?.help).toContain('apply.lockTimeout is "0"');
  });

  it.each(runners.map((r) => [r.name, r] as const))('%s: the module says which timeouts it sets, and deployTimeouts overrides', (name, runner) => {
    const migration = { runner: name, up: { wrap: runner.transaction.model } } as Migration;
    const none = runnerFacts(migration, 'up');
    const deploy = runnerFacts(migration, 'up', { apply: {}, deploy: { lockTimeout: true, statementTimeout: true } });
    const engine = runnerFacts(migration, 'up', { apply: { lockTimeout: '5s', statementTimeout: '0' }, deploy: { lockTimeout: false, statementTimeout: false } });
    expect([deploy.setsLockTimeout, deploy.setsStatementTimeout]).toEqual([true, true]);
    if (runner.timeouts === 'apply-config') {
      expect([none.setsLockTimeout, engine.setsLockTimeout, engine.setsStatementTimeout]).toEqual([false, true, false]);
    } else {
      // A runner's own timeouts do not depend on migrationlint's apply config.
      expect([engine.setsLockTimeout, engine.setsStatementTimeout]).toEqual([runner.timeouts.lockTimeout, runner.timeouts.statementTimeout]);
    }
  });
});
