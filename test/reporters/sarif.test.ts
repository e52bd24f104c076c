import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { parseSync, loadModule } from 'libpg-query';
import { automationId, MAX_RESULTS_PER_RUN, sarif, sarifLog } from '../../src/reporters/sarif.js';
import { primaryLocationLineHashes } from '../../src/reporters/line-hash.js';
import { repoRoot } from '../helpers/cli.js';
import { githubSarifProblems } from './github-sarif.js';
import { runCli } from '../helpers/cli.js';
import { expectGolden, fixtureDir, lintFixture, normalize, reportInput, reportOptions } from './fixture.js';
import { sarifSchemaErrors } from './sarif-schema.js';

const resultsOf = (log: Log): Result[] => log.runs[0]?.results ?? [];
const uriOf = (r: Result) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
const regionOf = (r: Result) => r.locations?.[0]?.physicalLocation?.region;

describe('sarif reporter', () => {
  it('writes the golden SARIF log', async () => {
    const result = await lintFixture();
    expectGolden('expected.sarif.json', normalize(sarif(reportInput(result), reportOptions)));
  });

  it('validates against the official SARIF 2.1.0 schema, which rejects a broken log', async () => {
    const log = sarifLog(reportInput(await lintFixture()), reportOptions);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const broken = structuredClone(log) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    broken.runs[0].results[0].level = 'fatal';
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
  });

  it('carries what code scanning reads: rules, levels, relative URIs, UTF-16 regions', async () => {
    const log = sarifLog(reportInput(await lintFixture()), reportOptions);
    const run = log.runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver).toMatchObject({ name: 'migrationlint', version: '0.0.0-golden', informationUri: expect.stringMatching(/^https:\/\//) });
    const rules = run.tool.driver.rules ?? [];
    for (const r of resultsOf(log)) {
      expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      expect(uriOf(r)).toMatch(/^migrations\/00\d_[a-z_]+\.sql$/);
    }
    const index = resultsOf(log).find((r) => r.ruleId === 'require-concurrent-index-creation');
    // `SELECT 'ü 😀'; ` is 15 UTF-16 code units (the emoji is two), so CREATE starts at column 16.
    expect(regionOf(index!)).toEqual({ startLine: 2, startColumn: 16, endLine: 2, endColumn: 75 });
    expect(index!.level).toBe('error');
    const rule = rules.find((r) => r.id === 'require-concurrent-index-creation');
    expect(rule).toMatchObject({ name: 'RequireConcurrentIndexCreation', defaultConfiguration: { level: 'error' }, properties: { precision: 'high', 'problem.severity': 'error' } });
    expect(rule?.help?.markdown).toContain('```sql\nCREATE INDEX CONCURRENTLY');
    expect(resultsOf(log).find((r) => r.ruleId === 'empty-migration')?.level).toBe('warning');
  });

  it('leaves suppressed findings out by default (code scanning would open an alert for each)', async () => {
    const result = await lintFixture();
    expect(result.findings.filter((f) => f.suppressed).length).toBe(1);
    const log = sarifLog(reportInput(result), reportOptions);
    expect(resultsOf(log).filter((r) => r.suppressions)).toEqual([]);
    expect(resultsOf(log).length).toBe(result.findings.length - 1);
  });

  it('keeps suppressed findings under sarifIncludeSuppressed, with the comment\'s reason as justification', async () => {
    const log = sarifLog(reportInput(await lintFixture()), { ...reportOptions, sarifIncludeSuppressed: true });
    const suppressed = resultsOf(log).filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, uriOf(r), r.suppressions])).toEqual([
      ['ban-delete-without-where', 'migrations/003_purge_cache.sql', [{ kind: 'inSource', status: 'accepted', justification: 'the cache is rebuilt on the next request' }]],
    ]);
  });

  it('offers fixes whose replacements give SQL that parses', async () => {
    await loadModule();
    const log = sarifLog(reportInput(await lintFixture()), reportOptions);
    const fixed = resultsOf(log).filter((r) => r.fixes);
    // 003's DROP INDEX names an index the set never creates: CONCURRENTLY is withheld (it fails on a partitioned table's index).
    expect(fixed.map((r) => r.ruleId)).toEqual(['require-concurrent-index-creation']);
    for (const r of fixed) {
      const change = r.fixes![0].artifactChanges[0];
      const lines = readFileSync(join(fixtureDir, change.artifactLocation.uri!), 'utf8').split('\n');
      for (const rep of [...change.replacements].reverse()) {
        const { startLine, startColumn, endLine, endColumn } = rep.deletedRegion;
        expect(startLine).toBe(endLine);
        const line = lines[startLine! - 1];
        lines[startLine! - 1] = line.slice(0, startColumn! - 1) + (rep.insertedContent?.text ?? '') + line.slice(endColumn! - 1);
      }
      const text = lines.join('\n');
      expect(text).toContain('CONCURRENTLY');
      expect(() => parseSync(text)).not.toThrow();
    }
  });

  it('carries primaryLocationLineHash as github/codeql-action computes it from the file on disk', async () => {
    const log = sarifLog(reportInput(await lintFixture()), reportOptions);
    for (const r of resultsOf(log)) {
      const onDisk = readFileSync(join(fixtureDir, uriOf(r)!), 'utf8');
      const expected = primaryLocationLineHashes(onDisk).get(regionOf(r)!.startLine!);
      expect(r.partialFingerprints).toEqual({ primaryLocationLineHash: expected });
    }
  });

  it('has partial fingerprints that survive lines inserted above the finding', async () => {
    const before = sarifLog(reportInput(await lintFixture()), reportOptions);
    const overrides = new Map<string, string>();
    for (const name of ['002_index_orders.sql', '004_broken.sql']) {
      const file = join(fixtureDir, 'migrations', name);
      overrides.set(file, `-- one\n-- two\n\n${readFileSync(file, 'utf8')}`);
    }
    const after = sarifLog(reportInput(await lintFixture(overrides)), reportOptions);
    const key = (r: Result) => `${r.ruleId} ${uriOf(r)}`;
    const prints = (log: Log) => new Map(resultsOf(log).map((r) => [key(r), r.partialFingerprints?.primaryLocationLineHash]));
    expect(prints(after)).toEqual(prints(before));
    const line = (log: Log, rule: string) => regionOf(resultsOf(log).find((r) => r.ruleId === rule)!)?.startLine;
    expect(line(after, 'require-concurrent-index-creation')).toBe(line(before, 'require-concurrent-index-creation')! + 3);
  });
});

describe('lint --format sarif (CLI)', () => {
  it('uses the git top level as %SRCROOT% and validates with every rule registered', () => {
    const repo = mkdtempSync(join(tmpdir(), 'mlint-sarif-'));
    execFileSync('git', ['init', '-q', repo]);
    const project = join(repo, 'services', 'db');
    mkdirSync(project, { recursive: true });
    cpSync(fixtureDir, project, { recursive: true });
    const run = runCli(['lint', '-f', 'sarif'], { cwd: project });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(uriOf(resultsOf(log)[0])).toBe('services/db/migrations/001_create_orders.sql');
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
    expect(log.runs[0].tool.driver.rules?.length).toBeGreaterThanOrEqual(19);
  });

  it('reports a bad config as a failed invocation with a configuration notification (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlint-sarif-'));
    writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    const run = runCli(['lint', '-f', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-rule');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const invocation = log.runs[0].invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolConfigurationNotifications?.[0]).toMatchObject({ level: 'error', message: { text: expect.stringContaining('rules.no-such-rule') } });
    expect(resultsOf(log)).toEqual([]);
  });

  it('gives each rule its own helpUri, an anchor the README rules table has', () => {
    const log = JSON.parse(runCli(['lint', '-f', 'sarif'], { cwd: fixtureDir }).stdout) as Log;
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const rules = log.runs[0].tool.driver.rules ?? [];
    expect(rules.length).toBeGreaterThan(60);
    expect(new Set(rules.map((r) => r.helpUri)).size).toBe(rules.length);
    for (const rule of rules) {
      const url = new URL(rule.helpUri!);
      expect(url.origin + url.pathname).toBe('https://www.npmjs.com/package/migrationlint');
      expect(readme).toContain(`<a id="${url.hash.slice(1)}"></a>\`${rule.id}\``);
    }
  });

  it('sets runAutomationDetails.id from --sarif-category, as category/ (the part code scanning reads)', () => {
    const run = runCli(['lint', '-f', 'sarif', '--sarif-category', 'migrations/billing'], { cwd: fixtureDir });
    expect((JSON.parse(run.stdout) as Log).runs[0].automationDetails).toEqual({ id: 'migrations/billing/' });
    expect(automationId('already/')).toBe('already/');
    const kept = JSON.parse(runCli(['lint', '-f', 'sarif', '--sarif-include-suppressed'], { cwd: fixtureDir }).stdout) as Log;
    expect(resultsOf(kept).filter((r) => r.suppressions).map((r) => r.ruleId)).toEqual(['ban-delete-without-where']);
  });
});
