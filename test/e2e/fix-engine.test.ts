// The fix engine on its own: ESLint's ordering and overlap rules, the re-lint loop, the diff.
import { describe, expect, it } from 'vitest';
import { applyFixes, fixUntilStable, MAX_FIX_PASSES } from '../../src/fix.js';
import { unifiedDiff } from '../../src/fix-diff.js';
import type { Finding, Fix } from '../../src/types.js';

const insert = (at: number, text: string): Fix => ({ title: `insert ${text}`, edits: [{ start: at, end: at, text }] });
const replace = (start: number, end: number, text: string): Fix => ({ title: `replace ${text}`, edits: [{ start, end, text }] });

describe('applyFixes', () => {
  it('applies fixes in position order whatever order they come in', () => {
    expect(applyFixes('abcdef', [replace(4, 5, 'E'), replace(0, 1, 'A'), insert(3, '-')])).toEqual({ text: 'Abc-dEf', applied: 3 });
  });

  it('skips a fix that overlaps one taken before it, and a second insertion at the same point', () => {
    expect(applyFixes('abcdef', [replace(1, 4, 'X'), replace(2, 5, 'Y')])).toEqual({ text: 'aXef', applied: 1 });
    expect(applyFixes('abc', [insert(1, 'x'), insert(1, 'y')])).toEqual({ text: 'axbc', applied: 1 });
  });

  it('takes a fix with several edits as one range, applied as a whole or not at all', () => {
    const both: Fix = { title: 'quote', edits: [{ start: 3, end: 3, text: '"' }, { start: 0, end: 0, text: '"' }] };
    expect(applyFixes('abcd', [replace(2, 3, 'Z'), both])).toEqual({ text: '"abc"d', applied: 1 });
    expect(applyFixes('abcd', [replace(3, 4, 'Z'), insert(1, '-')])).toEqual({ text: 'a-bcZ', applied: 2 });
  });
});

/** A fake set of one file whose findings each pass are computed from its current text. */
function fakeLint(findingsFor: (text: string) => Array<Pick<Finding, 'fix' | 'severity'> & { ruleId?: string }>, initial: string) {
  const file = '/virtual/001.sql';
  let calls = 0;
  const lintWith = async (overrides: Map<string, string>) => {
    calls++;
    const text = overrides.get(file) ?? initial;
    const findings = findingsFor(text).map((f, i) => ({ ...f, file, ruleId: f.ruleId ?? `r${i}`, message: 'm', span: { start: 0, end: 0 }, start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, statement: 0 }) as Finding);
    return { findings, set: { files: new Map([[file, { text }]]) } };
  };
  return { file, lintWith, calls: () => calls };
}

describe('fixUntilStable', () => {
  it('lints again after each pass until no fix applies, taking the touching ones later', async () => {
    // Pass 1 rewrites the type; the insertion right after it waits for pass 2.
    const lint = fakeLint((text) => [
      ...(text.includes(' int;') ? [{ ruleId: 'type', severity: 'warning' as const, fix: replace(text.indexOf(' int;') + 1, text.indexOf(';'), 'bigint') }] : []),
      ...(text.includes('NOT NULL') ? [] : [{ ruleId: 'not-null', severity: 'error' as const, fix: insert(text.indexOf(';'), ' NOT NULL') }]),
    ], 'a int;');
    const outcome = await fixUntilStable(lint.lintWith);
    expect(outcome.changed.get(lint.file)).toEqual({ before: 'a int;', after: 'a bigint NOT NULL;' });
    expect(outcome).toMatchObject({ applied: 2, passes: 2 });
    // The first lint, each pass's lint of its fixes together, and the touching fix checked alone in pass 1.
    expect(lint.calls()).toBe(4);
  });

  it(`stops after ${MAX_FIX_PASSES} passes when fixes never settle`, async () => {
    const lint = fakeLint((text) => [{ severity: 'error', fix: insert(text.length, 'x') }], '');
    const outcome = await fixUntilStable(lint.lintWith);
    expect(outcome.passes).toBe(MAX_FIX_PASSES);
    expect(outcome.changed.get(lint.file)?.after).toBe('x'.repeat(MAX_FIX_PASSES));
  });

  it('withholds a fix that adds an error, once, and applies the others', async () => {
    const lint = fakeLint(
      (text) => [
        ...(text.startsWith('X') ? [] : [{ ruleId: 'safe', severity: 'warning' as const, fix: insert(0, 'X') }]),
        ...(text.includes('Y') ? [{ ruleId: 'new-error', severity: 'error' as const }] : [{ ruleId: 'unsafe', severity: 'warning' as const, fix: insert(text.length, 'Y') }]),
      ],
      'ab',
    );
    const outcome = await fixUntilStable(lint.lintWith);
    expect(outcome.changed.get(lint.file)?.after).toBe('Xab');
    expect(outcome.withheld.map((w) => [w.finding.ruleId, w.ruleId])).toEqual([['unsafe', 'new-error']]);
    expect(outcome).toMatchObject({ applied: 1, passes: 1 });
  });

  it('applies only the fixes of the findings it is told to include', async () => {
    const lint = fakeLint((text) => (text === 'ab' ? [{ severity: 'warning', fix: insert(0, 'W') }, { severity: 'error', fix: insert(2, 'E') }] : []), 'ab');
    const outcome = await fixUntilStable(lint.lintWith, new Map(), (f) => f.severity === 'error');
    expect(outcome.changed.get(lint.file)?.after).toBe('abE');
  });
});

describe('unifiedDiff', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it('groups nearby changes into one hunk and far ones into separate hunks', () => {
    const before = `${lines(20).join('\n')}\n`;
    const after = `${lines(20).map((l) => (l === 'line 2' ? 'line 2!' : l === 'line 18' ? 'line 18!' : l)).filter((l) => l !== 'line 4').join('\n')}\n`;
    expect(unifiedDiff('x.sql', before, after)).toBe(
      ['--- a/x.sql', '+++ b/x.sql', '@@ -1,7 +1,6 @@', ' line 1', '-line 2', '+line 2!', ' line 3', '-line 4', ' line 5', ' line 6', ' line 7', '@@ -15,6 +14,6 @@', ' line 15', ' line 16', ' line 17', '-line 18', '+line 18!', ' line 19', ' line 20', ''].join('\n'),
    );
  });

  it('is empty for equal texts and counts an added line of an empty file', () => {
    expect(unifiedDiff('x', 'a\n', 'a\n')).toBe('');
    expect(unifiedDiff('x', '', 'a\n')).toBe('--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n');
  });

  it('marks a last line without a line end, as diff does', () => {
    expect(unifiedDiff('x', 'a\nb', 'a\nB')).toBe('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n');
    expect(unifiedDiff('x', 'a', 'a\n')).toBe('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n');
  });
});
