// The migration sets the apply tests run must lint the way the tests assume: without errors
// (warnings do not block apply), except lint-error, whose second migration the gate refuses.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lint } from '../../src/lint.js';

const root = path.resolve(import.meta.dirname, '../../fixtures/apply');

async function lintFixture(name: string) {
  const cwd = path.join(root, name);
  const config = await loadConfig({ cwd });
  return lint({ cwd, config });
}

describe('fixtures/apply', () => {
  it.each(['basic', 'failing', 'nontx-fail'])('%s has no error finding', async (name) => {
    const result = await lintFixture(name);
    const errors = result.findings.filter((f) => f.severity === 'error' && !f.suppressed);
    expect(errors.map((f) => `${path.basename(f.file)}:${f.start.line} ${f.ruleId}`)).toEqual([]);
    expect(result.errorCount).toBe(0);
  });

  it('lint-error has exactly one error, in 002', async () => {
    const result = await lintFixture('lint-error');
    const errors = result.findings.filter((f) => f.severity === 'error' && !f.suppressed);
    expect(errors.map((f) => [path.basename(f.file), f.ruleId])).toEqual([['002_index_things_label.up.sql', 'require-concurrent-index-creation']]);
  });

  it('basic: 003 runs statement by statement, the others in one transaction', async () => {
    const result = await lintFixture('basic');
    expect(result.migrations.map((m) => [m.migration.version, m.up.transaction, m.down?.transaction])).toEqual([
      ['001', 'wrapped', 'wrapped'],
      ['002', 'wrapped', 'wrapped'],
      ['003', 'none', 'none'],
      ['004', 'wrapped', 'wrapped'],
    ]);
  });
});
