// Every rule's docs: the bad example fires, the good one does not; README and schema are fresh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { configJsonSchema, replaceRulesSection } from '../src/docs.js';
import { repoRoot } from './helpers/cli.js';
import { lintSql } from './helpers/lint-sql.js';

// Findings only a database can produce (`verify`, `trace`): lint cannot fire them, so their bad
// examples are run on a database by their own test file, which must exist and name the rule.
const DATABASE_ONLY: Readonly<Record<string, string>> = {
  'verify-up-fails': 'test/verify/docs-examples.pglite.test.ts',
  'verify-down-mismatch': 'test/verify/docs-examples.pglite.test.ts',
  'verify-up-not-repeatable': 'test/verify/docs-examples.pglite.test.ts',
  'verify-skipped': 'test/verify/docs-examples.pglite.test.ts',
  'lock-table-mismatch': 'test/verify/docs-examples.pglite.test.ts',
  // Needs a stats file (table sizes), which the docs examples are not linted with.
  'large-table-rewrite': 'test/rules/large-table-rewrite.test.ts',
  // Needs a sqitch project (psql runs its scripts); the docs examples are plain SQL files.
  'include-not-linted': 'test/runners/preprocess.test.ts',
  // Needs an ORM migration run under --orm-execute with the ORM installed.
  'orm-execute-failed': 'test/hosts/execute/knex.test.ts',
};

describe('rule docs examples', () => {
  for (const rule of rules.values()) {
    const { id, docs, docsConfig, severity } = rule.meta;
    const lintExample = (sql: string) =>
      lintSql(sql, {
        ...(docsConfig?.pgVersion ? { pgVersion: docsConfig.pgVersion } : {}),
        rules: { [id]: docsConfig?.options ? [severity === 'off' ? 'error' : severity, docsConfig.options as Record<string, unknown>] : severity === 'off' ? 'error' : severity },
      });
    it(`${id}: bad example fires`, async () => {
      const ownTest = DATABASE_ONLY[id];
      if (ownTest) {
        expect(readFileSync(join(repoRoot, ownTest), 'utf8')).toContain(`'${id}'`);
        return;
      }
      const result = await lintExample(docs.bad);
      expect(result.findings.filter((f) => f.ruleId === id && !f.suppressed).length).toBeGreaterThan(0);
    });
    it(`${id}: good example does not`, async () => {
      const result = await lintExample(docs.good);
      expect(result.findings.filter((f) => !f.suppressed && (f.ruleId === id || f.ruleId === 'syntax-error'))).toEqual([]);
    });
    it(`${id}: metadata is complete`, () => {
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(docs.problem.length).toBeGreaterThan(20);
      expect(docs.solution.length).toBeGreaterThan(10);
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    });
  }
});

describe('generated files', () => {
  it('README rules table is up to date (run npm run build && npm run docs)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(replaceRulesSection(readme)).toBe(readme);
  });

  it('schema/migrationlintrc.schema.json is up to date and lists every rule', () => {
    const onDisk = JSON.parse(readFileSync(join(repoRoot, 'schema', 'migrationlintrc.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
    expect(Object.keys(onDisk.properties.rules.properties).sort()).toEqual([...rules.keys()].sort());
  });

  it("this repo's own .migrationlintrc.json validates against the config", async () => {
    const { loadConfig } = await import('../src/config.js');
    await expect(loadConfig({ cwd: repoRoot })).resolves.toMatchObject({ dir: repoRoot });
  });
});
