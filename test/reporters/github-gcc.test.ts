import { describe, expect, it } from 'vitest';
import { gcc } from '../../src/reporters/gcc.js';
import { github } from '../../src/reporters/github.js';
import type { Finding } from '../../src/types.js';
import { expectGolden, lintFixture, reportInput, reportOptions } from './fixture.js';

describe('github reporter', () => {
  it('writes one workflow command per unsuppressed finding (golden)', async () => {
    const result = await lintFixture();
    expectGolden('expected.github.txt', github(reportInput(result), reportOptions));
  });

  it('escapes the message and properties as the actions toolkit does, control characters shown escaped', () => {
    const finding: Finding = {
      file: '/repo/db/a,b:c.sql',
      ruleId: 'rule-x',
      severity: 'warning',
      message: '100% sure\r\nsecond line',
      span: { start: 0, end: 1 },
      start: { line: 1, column: 1 },
      end: { line: 1, column: 2 },
      statement: 0,
    };
    const out = github({ findings: [finding], files: new Map() }, { cwd: '/repo', root: '/repo', color: false });
    expect(out).toBe('::warning file=db/a%2Cb%3Ac.sql,line=1,col=1,endLine=1,endColumn=2,title=rule-x::100%25 sure\\r%0Asecond line\n');
  });

  it('omits warnings with --quiet and prints nothing when clean', async () => {
    const result = await lintFixture();
    const quiet = github(reportInput(result), { ...reportOptions, quiet: true });
    expect(quiet).not.toMatch(/^::warning/m);
    expect(quiet).toMatch(/^::error/m);
    expect(github({ findings: [], files: new Map() }, reportOptions)).toBe('');
  });
});

describe('gcc reporter', () => {
  it('writes file:line:col: severity: message [rule] with help as a note (golden)', async () => {
    const result = await lintFixture();
    const out = gcc(reportInput(result), reportOptions);
    expectGolden('expected.gcc.txt', out);
    // The format editors' gcc problem matchers read.
    for (const line of out.trimEnd().split('\n')) expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning|note): .+$/);
  });
});
