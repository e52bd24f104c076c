// Zero config on the real histories: `migrationlint lint --format json` from each folder of
// ../shared/corpus-runners (the SQL-based runners, repository-relative paths kept) and of
// ../shared/corpus (flattened: the migrations are the folder itself), with no config and no path.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { atATime } from './helpers/at-a-time.js';
import { runCliAsync, type CliRun } from './helpers/cli.js';
import { corpusDir, corpusRunnersDir, hasCorpus, inCI, requireCorpus } from './helpers/shared.js';

const EXPECTED: Array<[root: string, folder: string, found: string]> = [
  [corpusRunnersDir, 'langfuse__langfuse', '434 Prisma Migrate migrations in packages/shared/prisma/migrations'],
  [corpusRunnersDir, 'simstudioai__sim', '298 Drizzle Kit migrations in packages/db/migrations'],
  // afterReset.sql, which graphile-migrate runs after a reset, is no committed migration.
  [corpusRunnersDir, 'villeheikkila__Tastybytes', '319 graphile-migrate migrations in @api/db/migrations'],
  [corpusRunnersDir, 'bcgov__cas-cif', '334 sqitch migrations in schema'],
  [corpusRunnersDir, 'elhub__flex-information-system', '960 Liquibase migrations in db'],
  [corpusRunnersDir, 'MarquezProject__marquez', '84 Flyway migrations in api/src/main/resources/marquez/db/migration'],
  [corpusRunnersDir, 'rust-lang__docs.rs', '33 sqlx migrations in crates/lib/docs_rs_database/migrations'],
  [corpusRunnersDir, 'target__goalert', '280 sql-migrate migrations in migrate/migrations'],
  [corpusDir, 'dani-garcia__vaultwarden', '46 diesel migrations in .'],
  [corpusDir, 'element-hq__synapse', '404 migrationlint migrations in .'],
  [corpusDir, 'goharbor__harbor', '39 migrationlint migrations in .'],
  [corpusDir, 'hatchet-dev__hatchet', '224 goose migrations in .'],
  [corpusDir, 'ory__kratos', '346 popx migrations in .'],
  [corpusDir, 'rust-lang__crates.io', '285 diesel migrations in .'],
  [corpusDir, 'supabase__auth', '70 popx migrations in .'],
  [corpusDir, 'supabase__storage', '92 migrationlint migrations in .'],
];

describe.runIf(hasCorpus || inCI)('zero config from the root of each real history', () => {
  // The runs first, two at a time (a run is mostly one core's work); then each folder's checks.
  let runs: CliRun[] = [];
  beforeAll(async () => {
    if (hasCorpus) runs = await atATime(EXPECTED, 2, ([root, folder]) => runCliAsync(['lint', '--format', 'json'], { cwd: path.join(root, folder) }));
  }, 600_000);

  for (const [index, [root, folder, found]] of EXPECTED.entries()) {
    it(`${folder}: found ${found}`, () => {
      if (!requireCorpus()) return;
      const run = runs[index]!;
      expect(run.stderr).toBe(`migrationlint: found ${found}\n`);
      expect([0, 1]).toContain(run.code);
      const files = (JSON.parse(run.stdout) as Array<{ filePath: string }>).map((f) => path.relative(path.join(root, folder), f.filePath));
      const dir = found.slice(found.lastIndexOf(' in ') + 4);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every((f) => dir === '.' || f.startsWith(`${dir}/`))).toBe(true);
    });
  }
});
