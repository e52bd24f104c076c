// A kept set whose changed file is read again alone (src/cache/set-refresh.ts) must be the set a
// full discovery gives: for every set of the real histories (../shared/corpus, corpus-runners)
// and of the runner fixtures, found as zero-config discovery finds them. The files of a few
// migrations are re-read alone with their texts unchanged, and the newest migration's up file with
// a statement appended (what a pull request does) against a full discovery of that text. Only runners whose modules
// say they read each migration from its own files (`readsFilesAlone`) are refreshed at all.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshChanged } from '../../src/cache/set-refresh.js';
import { resolveConfig } from '../../src/config.js';
import { findMigrationSets } from '../../src/discover/zero-config.js';
import type { LintReportOptions } from '../../src/lint-run.js';
import { discoverSet } from '../../src/lint.js';
import { runnerNamed, runners } from '../../src/runners/index.js';
import type { MigrationSet, SourceText } from '../../src/types.js';
import { configForSet } from '../../src/zero-config.js';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir, corpusRunnersDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

const folders = (root: string) => (existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, d.name)) : []);

/** The set with `file`'s text replaced. */
function withText(set: MigrationSet, file: string, text: string): MigrationSet {
  const source = set.files.get(file)!;
  const files = new Map<string, SourceText>(set.files);
  files.set(file, { path: source.path, relPath: source.relPath, text, ...(source.bom ? { bom: true } : {}) });
  return { ...set, files };
}

const APPENDED = '\nCREATE INDEX set_refresh_probe ON set_refresh_probe (id);\n';

describe.runIf(hasCorpus || inCI)('set refresh on the real histories and the runner fixtures', () => {
  it('re-reads a changed file alone exactly as a full discovery reads it, for every runner that says it may', async () => {
    if (!requireCorpus()) return;
    const roots = [...folders(corpusDir), ...folders(corpusRunnersDir), ...folders(join(repoRoot, 'fixtures', 'runners'))];
    const refreshedRunners = new Set<string>();
    const seenRunners = new Set<string>();
    for (const root of roots) {
      // The defaults in the set's root, as with no config file (the fixtures sit under the repository's own).
      const defaults = resolveConfig({}, undefined, root);
      for (const found of (await findMigrationSets(root)).sets) {
        const opts: LintReportOptions = { config: configForSet(defaults, found), cwd: root, paths: [] };
        const full = found.read;
        if (full.migrations.some((m) => m.up.host || m.down?.host)) continue;
        for (const m of full.migrations) seenRunners.add(m.runner);
        // The files of the first, a middle and the last two migrations, unchanged.
        const sample = [0, full.migrations.length >> 1, full.migrations.length - 2, full.migrations.length - 1].map((i) => full.migrations[i]).filter((m) => m !== undefined);
        for (const file of new Set(sample.flatMap((m) => [m.up.file, ...(m.down ? [m.down.file] : [])]))) {
          const refreshed = refreshChanged(full, new Set([file]), opts);
          const holders = full.migrations.filter((m) => m.up.file === file || m.down?.file === file);
          if (holders.some((m) => !runnerNamed(m.runner).readsFilesAlone)) expect(refreshed, file).toBeUndefined();
          if (refreshed) expect(refreshed.migrations, file).toEqual(full.migrations);
        }
        const newest = full.migrations.at(-1);
        if (!newest || !runnerNamed(newest.runner).readsFilesAlone) continue;
        const file = newest.up.file;
        const text = `${full.files.get(file)!.text}${APPENDED}`;
        const refreshed = refreshChanged(withText(full, file, text), new Set([file]), opts);
        if (!refreshed) continue;
        const discovered = await discoverSet({ ...opts, overrides: new Map([[file, text]]) });
        expect(refreshed.migrations, `${root}: ${file}`).toEqual(discovered.migrations);
        expect(refreshed.problems).toEqual(discovered.problems);
        refreshedRunners.add(newest.runner);
      }
    }
    // Not vacuous: each runner that may be refreshed and has a set here was refreshed after a change.
    const mayRefresh = runners.filter((r) => r.readsFilesAlone && seenRunners.has(r.name)).map((r) => r.name);
    expect(mayRefresh.length).toBeGreaterThan(10);
    expect([...refreshedRunners].sort()).toEqual(mayRefresh.sort());
  }, 120_000);
});
