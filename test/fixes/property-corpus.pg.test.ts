// The property test on real histories: every fix lint offers on an up or a down of the
// /work/shared/corpus sets is run on the Debian PostgreSQL 15, original and fixed each on the
// database the history built up to it, in the runner's transaction mode (test/fixes/corpus-replay.ts).
// A fix fails the test when the fixed up fails while the original applies, or leaves a schema
// other than the original's beyond the intended widening. Each set's replay stops at the first
// original up that fails on a bare PostgreSQL 15; the test prints how far each got and why.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { lint } from '../../src/lint.js';
import { groupBySetDirectory } from '../../src/verify/verify.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';
import { displayDirectory, formatGroup, replayDirectory, type GroupReport } from './corpus-replay.js';
import { appAsSuperuser } from './replay-databases.js';

const SETS = hasCorpus ? readdirSync(corpusDir).filter((n) => statSync(path.join(corpusDir, n)).isDirectory()).sort() : [];

let started: StartResult | undefined;
beforeAll(async () => {
  if (!hasCorpus) return;
  started = await startPostgres();
  if ('server' in started) await appAsSuperuser(started.server);
}, 120_000);
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

async function checkSet(server: PgServer, set: string, index: number): Promise<GroupReport[]> {
  const config = resolveConfig({}, undefined, corpusDir);
  const result = await lint({ cwd: corpusDir, config, paths: [set] });
  const admin = await server.admin();
  const reports: GroupReport[] = [];
  try {
    let group = 0;
    for (const [dir, migrations] of groupBySetDirectory(result.migrations)) {
      reports.push(
        await replayDirectory({
          cluster: { admin, url: (database) => server.url(database) },
          cwd: corpusDir,
          config,
          result,
          directory: displayDirectory(corpusDir, dir),
          migrations,
          prefix: `s${index}_${++group}`,
        }),
      );
    }
  } finally {
    await admin.end();
  }
  return reports;
}

describe.runIf(hasCorpus || inCI)('property on the corpus: every fix offered on a real history keeps its migration working and doing the same on PostgreSQL 15', () => {
  it('the corpus is there', () => {
    expect(requireCorpus()).toBe(true);
    expect(SETS.length).toBeGreaterThan(0);
  });

  const totals = { replayed: 0, checked: 0 };
  const t0 = performance.now();

  for (const [index, set] of SETS.entries()) {
    it(set, { timeout: 300_000 }, async (ctx) => {
      const server = requireServer(started, ctx);
      const reports = await checkSet(server, set, index);
      for (const r of reports) console.info(`property-corpus ${set}/${formatGroup(r)}`);
      totals.replayed += reports.reduce((n, r) => n + r.replayed, 0);
      totals.checked += reports.reduce((n, r) => n + r.checked.fixes + r.downs.fixes, 0);
      expect(reports.flatMap((r) => r.failures.map((f) => `${f.where}: ${f.fixes.join(', ')}: ${f.problem}`))).toEqual([]);
    });
  }

  it('the replays got somewhere and checked fixes', (ctx) => {
    requireServer(started, ctx);
    console.info(`property-corpus: ${totals.replayed} migrations replayed, ${totals.checked} fixes checked in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    expect(totals.replayed).toBeGreaterThan(0);
    expect(totals.checked).toBeGreaterThan(0);
  });
});
