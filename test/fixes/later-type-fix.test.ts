// A type fix that a later migration of the set would break is withheld everywhere: the json and
// sarif reports leave it out, --fix-dry-run / --fix print why and do not apply it, the language
// server offers no code action for it — with and without --cache, and when only the later
// migration changed since the cache was written.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';
import { LspClient } from '../lsp/client.js';
import { LATER_CASES, SAFE_LATER, type LaterCase } from './later-type-fix.cases.js';

afterAll(removeTempProjects);

const FIRST = 'migrations/001_first.sql';
const LATER = 'migrations/002_later.sql';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; fix?: unknown }[];
}
interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; fixes?: unknown[] }[] }[];
}

/**
 * One project holding each case as its own migrations directory (its own set): `case-N/001_first.sql`
 * and, with `later`, `case-N/002_later.sql`.
 */
function casesProject(prefix: string, cases: readonly { first: string; later: string }[], later = true): string {
  const files: Record<string, string> = {};
  cases.forEach((c, i) => {
    files[`case-${i}/001_first.sql`] = c.first;
    if (later) files[`case-${i}/002_later.sql`] = c.later;
  });
  return tempProject(prefix, { migrations: cases.map((_, i) => `case-${i}`) }, files);
}

const shown = (file: string, line: number, column: number, ruleId: string, fix: boolean) => `${/case-\d+/.exec(file)?.[0]} ${ruleId} ${line}:${column} ${fix ? 'fix' : 'no fix'}`;

/** The type-rule findings of the first migrations in a json report: `case-N rule line:column fix|no fix`. */
function jsonFindings(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonFile[])
    .filter((f) => f.filePath.endsWith('001_first.sql'))
    .flatMap((f) => f.messages.filter((m) => m.ruleId.startsWith('prefer-')).map((m) => shown(f.filePath, m.line, m.column, m.ruleId, m.fix !== undefined)));
}

function sarifFindings(stdout: string): string[] {
  return (JSON.parse(stdout) as SarifLog).runs[0].results
    .filter((r) => r.ruleId.startsWith('prefer-') && r.locations[0].physicalLocation.artifactLocation.uri.endsWith('001_first.sql'))
    .map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return shown(artifactLocation.uri, region.startLine, region.startColumn, r.ruleId, r.fixes !== undefined);
    });
}

const finding = (c: LaterCase, i: number, fix: boolean) => `case-${i} ${c.rule} ${c.at} ${fix ? 'fix' : 'no fix'}`;
const titleOf = (c: LaterCase) => (c.rule === 'prefer-timestamptz' ? 'Use timestamptz' : c.rule === 'prefer-text-field' ? 'Use text' : 'Use bigint');

describe('a type fix a later migration breaks', () => {
  it('is offered when the first migration is the whole set', () => {
    const dir = casesProject('later-alone', LATER_CASES, false);
    expect(jsonFindings(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout)).toEqual(LATER_CASES.map((c, i) => finding(c, i, true)));
  });

  it('is left out of the json and sarif reports, the same with --cache cold and warm', () => {
    const dir = casesProject('later-report', LATER_CASES);
    const plain = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(jsonFindings(plain.stdout)).toEqual(LATER_CASES.map((c, i) => finding(c, i, false)));
    expect(sarifFindings(runCli(['lint', '-f', 'sarif'], { cwd: dir }).stdout)).toEqual(LATER_CASES.map((c, i) => finding(c, i, false)));
    const cold = runCli(['lint', '--cache', '-f', 'json'], { cwd: dir });
    const warm = runCli(['lint', '--cache', '-f', 'json'], { cwd: dir, env: { MIGRATIONLINT_CACHE_STATS: '1' } });
    expect(warm.stderr).toMatch(new RegExp(`^cache: ${LATER_CASES.length * 2} hit, 0 missed$`, 'm'));
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
  });

  it('is withheld by --fix-dry-run and --fix with the later migration named, and not applied', () => {
    const dir = casesProject('later-fix', LATER_CASES);
    const firsts = LATER_CASES.map((_, i) => `case-${i}/001_first.sql`);
    const dry = runCli(['lint', '--fix-dry-run', ...firsts], { cwd: dir });
    LATER_CASES.forEach((c, i) => expect(dry.stderr).toContain(`fix withheld: case-${i}/001_first.sql:${c.at} ${c.rule} "${titleOf(c)}" would break case-${i}/002_later.sql: ${c.reason}`));
    expect(dry.stderr).toContain('0 fixes would change 0 files');
    runCli(['lint', '--fix', ...firsts], { cwd: dir });
    LATER_CASES.forEach((c, i) => expect(readFileSync(path.join(dir, firsts[i]), 'utf8')).toBe(c.first));
  });

  it('is withheld from the cached findings of an unchanged first migration once the later one changes', () => {
    const c = LATER_CASES[0];
    const dir = tempProject('later-cache', { migrations: ['migrations'] }, { [FIRST]: c.first, [LATER]: 'SELECT 1;\n' });
    const lintCached = (...paths: string[]) => runCli(['lint', '--cache', '-f', 'json', ...paths], { cwd: dir, env: { MIGRATIONLINT_CACHE_STATS: '1' } });
    const own = (stdout: string) => jsonFindings(stdout.replaceAll('/migrations/', '/case-0/'));
    expect(own(lintCached().stdout)).toEqual([finding(c, 0, true)]);
    writeFileSync(path.join(dir, LATER), c.later);
    const changed = lintCached();
    expect(changed.stderr).toMatch(/^cache: 1 hit, 1 missed$/m);
    expect(own(changed.stdout)).toEqual([finding(c, 0, false)]);
    // Reporting the first file only (the set read for facts): the later migration still counts.
    expect(own(lintCached(FIRST).stdout)).toEqual([finding(c, 0, false)]);
  });

  it('is still offered when the later migration does something else', () => {
    const dir = casesProject('later-safe', SAFE_LATER);
    const findings = jsonFindings(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout);
    expect(findings).toEqual(['case-0 prefer-timestamptz 1:36 fix', 'case-1 prefer-bigint-over-int 1:27 fix', 'case-2 prefer-timestamptz 1:36 fix', 'case-3 prefer-bigint-over-int 1:40 fix', 'case-4 prefer-bigint-over-int 1:37 no fix', 'case-4 prefer-bigint-over-int 3:35 fix']);
  });
});

describe('the language server', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    if (client) expect(await client.stop()).toBe(0);
    client = undefined;
  });

  it('offers no code action for a type fix a later migration breaks, and offers it without that migration', async () => {
    const c = LATER_CASES[0];
    const dir = tempProject('later-lsp', { migrations: ['migrations'] }, { [FIRST]: c.first, [LATER]: c.later });
    const file = path.join(dir, FIRST);
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, c.first);
    const finding = (await client.pull(file)).items.find((d) => d.code === c.rule)!;
    expect((await client.codeActions(file, finding.range, [finding])).map((a) => a.title)).toEqual([`Ignore ${c.rule} for this statement`]);

    const alone = tempProject('later-lsp-alone', { migrations: ['migrations'] }, { [FIRST]: c.first });
    expect(await client.stop()).toBe(0);
    client = await LspClient.start({ root: alone, pull: true });
    const aloneFile = path.join(alone, FIRST);
    await client.open(aloneFile, c.first);
    const offeredFinding = (await client.pull(aloneFile)).items.find((d) => d.code === c.rule)!;
    expect((await client.codeActions(aloneFile, offeredFinding.range, [offeredFinding])).map((a) => a.title)).toEqual([`Use bigint (${c.rule})`, `Ignore ${c.rule} for this statement`]);
  });
});
