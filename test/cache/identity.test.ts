// The report with --cache, cold and warm, is byte for byte the report without it: on the
// repository's fixtures (every layout, broken files, suppressions) in every format, and on the
// shared corpus of real migrations, also after a migration is added to one of its projects.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir, requireCorpus } from '../helpers/shared.js';
import { lintCached, lintUncached } from './helpers.js';

function emptyConfig(): { config: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-cache-id-'));
  writeFileSync(join(dir, 'config.json'), '{}');
  return { config: join(dir, 'config.json'), cache: join(dir, 'cache') };
}

/** Checks cold and warm runs against the run without --cache; returns the number of migrations, the report and the warm cache. */
function expectSameReports(cwd: string, paths: string[], format: string): { migrations: number; stdout: string; args: string[]; cache: string } {
  const { config, cache } = emptyConfig();
  const args = ['-c', config, ...paths];
  const expected = lintUncached({ cwd, args, format });
  const cold = lintCached({ cwd, args, format, cacheLocation: cache });
  expect(cold).toMatchObject({ stdout: expected.stdout, code: expected.code, hit: 0 });
  expect(cold.missed).toBeGreaterThan(0);
  expect(lintCached({ cwd, args, format, cacheLocation: cache })).toMatchObject({ stdout: expected.stdout, code: expected.code, hit: cold.missed, missed: 0 });
  return { migrations: cold.missed, stdout: expected.stdout, args, cache };
}

describe('lint --cache gives the report lint gives', () => {
  it.each(['json', 'stylish', 'sarif', 'gcc', 'github'])('on the fixtures, %s', { timeout: 240_000 }, (format) => {
    expectSameReports(repoRoot, ['fixtures'], format);
  });

  // One copy of the corpus for both: each lint of the whole corpus costs seconds.
  it('on the shared corpus, cold and warm, and after a migration is added to one project (the pre-commit case)', { timeout: 600_000 }, () => {
    if (!requireCorpus()) return;
    const copy = join(mkdtempSync(join(tmpdir(), 'mlint-cache-corpus-')), 'corpus');
    cpSync(corpusDir, copy, { recursive: true });
    try {
      const before = expectSameReports(copy, [copy], 'json');
      // Newest in version order; identities exists (an earlier migration created it).
      const kratos = join(copy, 'ory__kratos');
      writeFileSync(join(kratos, '29990101000000000000_late_index.postgres.up.sql'), 'CREATE INDEX identities_late_idx ON identities (id);\n');
      writeFileSync(join(kratos, '29990101000000000000_late_index.postgres.down.sql'), 'DROP INDEX identities_late_idx;\n');
      const after = lintCached({ cwd: copy, args: before.args, cacheLocation: before.cache });
      expect(after).toMatchObject({ stdout: lintUncached({ cwd: copy, args: before.args }).stdout, hit: before.migrations, missed: 1 });
      expect(after.stdout).not.toBe(before.stdout);
    } finally {
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  });
});
