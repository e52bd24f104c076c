// The schema model over the shared corpus: every repository's migrations replay without
// throwing, into catalogs of a plausible size (table counts printed per repository).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/discover.js';
import { loadParser } from '../src/parse.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from './helpers/shared.js';
import { replaySet } from './helpers/replay-set.js';

describe.runIf(hasCorpus || inCI)('schema model over the shared corpus', () => {
  it('replays every repository without throwing', async () => {
    if (!requireCorpus()) return;
    await loadParser();
    const repos = readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(repos.length).toBeGreaterThanOrEqual(8);
    const rows: string[] = [];
    let total = 0;
    for (const repo of repos) {
      const set = await discover({ cwd: corpusDir, patterns: [repo], runner: 'auto', assumeInTransaction: false });
      const catalogs = [...replaySet(set).values()];
      let tables = 0;
      let indexes = 0;
      let enums = 0;
      for (const catalog of catalogs) {
        for (const table of catalog.tables()) {
          tables++;
          indexes += table.indexes.size;
        }
        enums += [...catalog.enumTypes()].length;
      }
      total += tables;
      rows.push(`${repo.padEnd(28)} ${String(set.migrations.length).padStart(4)} migrations  ${String(catalogs.length).padStart(3)} dirs  ${String(tables).padStart(4)} tables  ${String(indexes).padStart(4)} indexes  ${String(enums).padStart(3)} enums`);
    }
    console.info(`schema model, tables per repository:\n  ${rows.join('\n  ')}`);
    // Every repository creates tables; a replay that silently dropped them would show here.
    expect(total).toBeGreaterThan(300);
  }, 120_000);
});
