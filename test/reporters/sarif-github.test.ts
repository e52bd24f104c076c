// SARIF logs checked against what GitHub code scanning documents it accepts and reads: the upload
// limits, the required (non-empty) properties and the subset of properties it uses.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { MAX_RESULTS_PER_RUN, sarifLog } from '../../src/reporters/sarif.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';
import { lintFixture, reportInput, reportOptions } from './fixture.js';
import { githubSarifProblems } from './github-sarif.js';

// "SARIF support for code scanning": the result properties code scanning uses. `suppressions`
// and `fixes` are kept for other SARIF viewers; code scanning ignores them (README says so).
const RESULT_PROPERTIES_READ = ['ruleId', 'ruleIndex', 'rule', 'level', 'message', 'locations', 'partialFingerprints', 'codeFlows', 'relatedLocations'];
const IGNORED_BY_CODE_SCANNING = ['fixes', 'suppressions'];

describe('SARIF as GitHub code scanning reads it', () => {
  it('the golden log meets every documented limit and required property, and results use only what code scanning reads', async () => {
    const log = sarifLog(reportInput(await lintFixture()), { ...reportOptions, sarifIncludeSuppressed: true, sarifCategory: 'migrations' });
    expect(githubSarifProblems(log)).toEqual([]);
    const used = new Set(log.runs[0].results!.flatMap((r) => Object.keys(r)));
    expect([...used].filter((key) => !RESULT_PROPERTIES_READ.includes(key)).sort()).toEqual(IGNORED_BY_CODE_SCANNING);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toMatch(/code scanning ignores SARIF `suppressions` and `fixes`/i);
  });

  it('the checker rejects what GitHub rejects or cannot show', async () => {
    const log = sarifLog(reportInput(await lintFixture()), reportOptions);
    const broken = structuredClone(log);
    const run = broken.runs[0];
    const rule = run.tool.driver.rules![0];
    rule.shortDescription = { text: 'x'.repeat(1025) };
    rule.properties = { tags: Array.from({ length: 21 }, (_, i) => `t${i}`), precision: 'certain' };
    const result = run.results![0] as Result;
    delete result.partialFingerprints;
    result.ruleIndex = 3;
    result.locations = [];
    run.automationDetails = { id: 'migrationlint' };
    expect(githubSarifProblems(broken)).toEqual([
      'runs[0].tool.driver.rules[0].shortDescription.text is over 1024 characters',
      'runs[0].tool.driver.rules[0] has 21 tags (limit 20)',
      'runs[0].tool.driver.rules[0].properties.precision "certain" is not documented',
      'runs[0].results[0].ruleIndex does not point at rule unused-suppression',
      'runs[0].results[0] has no location (code scanning cannot show it)',
      'runs[0].results[0].partialFingerprints.primaryLocationLineHash is required (hex:count), got undefined',
      'runs[0].automationDetails.id "migrationlint" has no "/": code scanning reads no category from it',
    ]);
  });

  it.runIf(hasCorpus || inCI)('a log of the whole shared corpus (eight real histories) passes', () => {
    if (!requireCorpus()) return;
    const run = runCli(['lint', '-f', 'sarif', '--sarif-category', 'corpus', '.'], { cwd: corpusDir });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expect(log.runs[0].results!.length).toBeGreaterThan(1000);
    expect(githubSarifProblems(log)).toEqual([]);
  });

  it(`caps a run at ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} results, errors first, and says how many were left out`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlint-cap-'));
    writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
    mkdirSync(join(dir, 'db'));
    // Warnings first in migration order, so that keeping the first 25,000 would keep them.
    writeFileSync(join(dir, 'db', '000_warnings.sql'), Array.from({ length: 300 }, (_, i) => `ALTER TABLE orders ADD COLUMN note_${i} json;`).join('\n'));
    for (let n = 1; n <= 25; n++) {
      writeFileSync(join(dir, 'db', `${String(n).padStart(3, '0')}_indexes.sql`), Array.from({ length: 1000 }, (_, i) => `CREATE INDEX ON orders (c${i});`).join('\n'));
    }
    const run = runCli(['lint', '-f', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    // The 25,000 CREATE INDEX are the errors; every warning comes from the first file.
    const first = JSON.parse(runCli(['lint', '-f', 'json', 'db/000_warnings.sql'], { cwd: dir }).stdout) as Array<{ errorCount: number; warningCount: number }>;
    expect(first[0].errorCount).toBe(0);
    const warnings = first[0].warningCount;
    expect(warnings).toBeGreaterThanOrEqual(300);
    const results = log.runs[0].results!;
    expect(results.length).toBe(MAX_RESULTS_PER_RUN);
    expect(results.every((r) => r.level === 'error')).toBe(true);
    expect(log.runs[0].invocations?.[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: expect.stringMatching(new RegExp(`^${warnings} results left out \\(0 errors, ${warnings} warnings\\): GitHub code scanning rejects a run with more than 25,000 results`)) },
        descriptor: { id: 'result-limit' },
      },
    ]);
    expect(githubSarifProblems(log)).toEqual([]);
  });
});
