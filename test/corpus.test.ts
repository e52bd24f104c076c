// Real migrations from eight public projects, read from ../shared/corpus (never copied).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { lint, type LintResult } from '../src/lint.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from './helpers/shared.js';

// squawk 2.66 fails to parse 66 of the corpus' up files; we must fail on no more.
const SQUAWK_UNPARSEABLE_UP_FILES = 66;

describe.runIf(hasCorpus || inCI)('shared corpus', () => {
  let result: LintResult;
  const lintCorpus = async () => {
    if (!result) {
      const config = resolveConfig({ rules: { 'suppression-missing-reason': 'warning' } }, undefined, corpusDir);
      result = await lint({ cwd: corpusDir, config, paths: readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) });
    }
    return result;
  };

  it('lints every file without crashing; each is parsed or reported with a positioned syntax error', async () => {
    if (!requireCorpus()) return;
    const { set, findings } = await lintCorpus();
    const sqlFiles = fg.sync('**/*.sql', { cwd: corpusDir, absolute: true });
    expect(sqlFiles.length).toBeGreaterThan(2000);
    expect(sqlFiles.filter((f) => !set.files.has(f))).toEqual([]);
    for (const f of findings) {
      expect(f.start.line).toBeGreaterThanOrEqual(1);
      expect(f.start.column).toBeGreaterThanOrEqual(1);
      const text = set.files.get(f.file)?.text ?? '';
      expect(f.span.end).toBeLessThanOrEqual(text.length);
    }
    const syntaxFiles = new Set(findings.filter((f) => f.ruleId === 'syntax-error').map((f) => relative(corpusDir, f.file)));
    const upFiles = [...syntaxFiles].filter((p) => !/(^|[./])down\.sql$/.test(p));
    console.info(`corpus: ${set.files.size} files, ${syntaxFiles.size} with syntax errors (${upFiles.length} up files):\n  ${[...syntaxFiles].filter((p) => !p.startsWith('supabase__auth')).join('\n  ')}`);
    expect(upFiles.length).toBeLessThanOrEqual(SQUAWK_UNPARSEABLE_UP_FILES);
  });

  it('still lints the parseable statements of a file with a bad statement', async () => {
    if (!requireCorpus()) return;
    const { migrations } = await lintCorpus();
    const file = join(corpusDir, 'element-hq__synapse/main/delta/16/users.sql');
    const m = migrations.find((x) => x.migration.up.file === file);
    expect(m).toBeDefined();
    expect(m!.up.findings.filter((f) => f.ruleId === 'syntax-error').length).toBeGreaterThan(0);
    expect(m!.up.statements.length).toBeGreaterThan(0);
  });

  it('finds the known risky statements of each repository', async () => {
    if (!requireCorpus()) return;
    const { findings } = await lintCorpus();
    const perRule = new Map<string, number>();
    for (const f of findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    console.info(`findings per rule: ${JSON.stringify(Object.fromEntries(perRule))}`);
    expect(perRule.get('require-concurrent-index-creation') ?? 0).toBeGreaterThan(100);
  });
});
