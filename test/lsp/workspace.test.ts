// The language server's lint of one file (its set read from a cache, unchanged earlier
// migrations' facts kept between calls, later migrations replayed only for the indexes they
// create) must give exactly the findings a whole-set `migrationlint lint` gives for that file:
// checked file by file on a real corpus repository.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lint } from '../../src/lint.js';
import { Workspace } from '../../src/lsp/workspace.js';
import type { Finding } from '../../src/types.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

const REPOSITORY = 'hatchet-dev__hatchet';
const comparable = (f: Finding) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, start: f.start, end: f.end, suppressed: f.suppressed, fix: f.fix });

describe.runIf(hasCorpus || inCI)('language server workspace', () => {
  it(`lints files of ${REPOSITORY} exactly as the whole-set lint does (every third file, twice)`, async () => {
    if (!requireCorpus()) return;
    const root = mkdtempSync(join(tmpdir(), 'mlint-ws-'));
    cpSync(join(corpusDir, REPOSITORY), join(root, REPOSITORY), { recursive: true });
    writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: [REPOSITORY] }));
    const whole = await lint({ cwd: root, config: await loadConfig({ cwd: root }) });
    const files = [...whole.set.files.keys()];
    expect(files.length).toBeGreaterThan(100);
    expect(whole.findings.length).toBeGreaterThan(100);

    // Every third file (time), each linted twice: the second run restores the earlier facts.
    const sample = files.filter((_, i) => i % 3 === 0);
    const workspace = new Workspace({ folders: [root] });
    let compared = 0;
    for (const file of sample) {
      const expected = whole.findings.filter((f) => f.file === file).map(comparable);
      for (let pass = 0; pass < 2; pass++) {
        const result = await workspace.lintFile(file, new Map());
        expect(result.findings.map(comparable), `${file} (pass ${pass + 1})`).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBe(2 * whole.findings.filter((f) => sample.includes(f.file)).length);
    expect(compared).toBeGreaterThan(100);

    // An unsaved edit of one file: the same as linting the whole set with that file's new text.
    const CONFIG = await loadConfig({ cwd: root });
    for (const file of files.filter((_, i) => i % 20 === 7)) {
      const edited = `${whole.set.files.get(file)!.text}\nCREATE INDEX edited_idx ON edited_t (a);\n`;
      const buffers = new Map([[file, edited]]);
      const expected = (await lint({ cwd: root, config: CONFIG, overrides: buffers })).findings.filter((f) => f.file === file).map(comparable);
      expect(expected.some((f) => f.ruleId === 'require-concurrent-index-creation')).toBe(true);
      expect((await workspace.lintFile(file, buffers)).findings.map(comparable), `${file} edited`).toEqual(expected);
    }
  });
});
