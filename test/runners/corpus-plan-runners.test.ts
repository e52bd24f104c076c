// The real sets of ../shared/corpus-runners for sqitch, Liquibase, Flyway and graphile-migrate:
// runner detected, migration count, up/down pairs and the findings that say the set is misread.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover.js';
import type { MigrationSet } from '../../src/types.js';
import { byRule, lintFindings } from '../helpers/runner-set.js';
import { corpusRunnersDir as corpusRunners, hasCorpus as present, inCI, requireCorpus as usable } from '../helpers/shared.js';

const readSet = (set: string, dir: string): Promise<MigrationSet> => discover({ cwd: path.join(corpusRunners, set), patterns: [dir], runner: 'auto', assumeInTransaction: false });
const count = <T>(items: readonly T[], key: (t: T) => string) => items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

describe.runIf(present || inCI)('runner corpus: sqitch, Liquibase, Flyway, graphile-migrate', () => {
  it('bcgov/cas-cif (sqitch): 334 plan changes, 84 of them reworked @tag scripts, each with its revert; psql runs the scripts', async () => {
    if (!usable()) return;
    const set = await readSet('bcgov__cas-cif', 'schema');
    expect(count(set.migrations, (m) => m.runner)).toEqual({ sqitch: 334 });
    expect(set.migrations.filter((m) => m.down).length).toBe(334);
    expect(set.migrations.filter((m) => m.name.includes('@')).length).toBe(84);
    expect(count(set.migrations, (m) => m.up.wrap)).toEqual({ none: 334 });
    expect(set.migrations[0]?.id).toBe('001_create_roles');
    // The one revert script the plan never names.
    expect(set.problems.map((p) => `${path.relative(path.join(corpusRunners, 'bcgov__cas-cif'), p.file)}: ${p.message}`)).toEqual([
      'schema/revert/mutations/create_user_from_session_002_create_after_cif_user_update.sql: revert script of no change in sqitch.plan: sqitch never runs it',
    ]);
  });

  it('elhub/flex-information-system (Liquibase): 960 changesets in the root changelog’s include order, 10 with runInTransaction:false, one file no changelog includes', async () => {
    if (!usable()) return;
    const set = await readSet('elhub__flex-information-system', 'db');
    expect(count(set.migrations, (m) => m.runner)).toEqual({ liquibase: 960 });
    expect(count(set.migrations, (m) => m.up.wrap)).toEqual({ wrapped: 950, none: 10 });
    // grid/changelog.yml includes ./ and ./grants/, not ./embedding/: Liquibase never runs that file.
    expect(set.problems.map((p) => `${path.relative(path.join(corpusRunners, 'elhub__flex-information-system'), p.file)}: ${p.message}`)).toEqual([
      'db/grid/embedding/embedding.sql: no changelog includes this file (from changelog.yml): Liquibase never runs it',
    ]);
    // The root db/changelog.yml's include order (extensions, utils, then flex, auth, …), not path order.
    const files = [...new Set(set.migrations.map((m) => path.relative(path.join(corpusRunners, 'elhub__flex-information-system'), m.up.file)))];
    expect(files.slice(0, 8)).toEqual([
      'db/pg_audit/pg_audit.sql',
      'db/pg_gs1/pg_gs1.sql',
      'db/pg_eic/pg_eic.sql',
      'db/pg_timeline/pg_timeline.sql',
      'db/pg_status/pg_status.sql',
      'db/utils/triggers.sql',
      'db/flex/current_user_setting.sql',
      'db/flex/business_id_type.sql',
    ]);
    // grid's includeAll sorts in reverse (resourceComparator: java.util.Comparator.reverseOrder); the unreached file comes last.
    expect(files.filter((f) => f.startsWith('db/grid/'))).toEqual([
      'db/grid/substation_distance.sql',
      'db/grid/substation_cluster.sql',
      'db/grid/substation.sql',
      'db/grid/line.sql',
      'db/grid/grants/field_level_authorization.sql',
      'db/grid/embedding/embedding.sql',
    ]);
    expect(files.at(-1)).toBe('db/grid/embedding/embedding.sql');
    const { findings } = lintFindings(path.join(corpusRunners, 'elhub__flex-information-system'), ['db']);
    expect(byRule(findings, 'syntax-error')).toEqual([]);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
    expect(byRule(findings, 'mixed-transactional-statements')).toEqual([]);
  });

  it('MarquezProject/marquez (Flyway): 81 versioned in numeric order, then the 3 repeatables; the lone CONCURRENTLY of V47 is not flagged', async () => {
    if (!usable()) return;
    const set = await readSet('MarquezProject__marquez', 'api/src/main/resources/marquez/db/migration');
    expect(count(set.migrations, (m) => m.runner)).toEqual({ flyway: 84 });
    const versions = set.migrations.map((m) => m.version);
    expect(versions.slice(0, 4)).toEqual(['1', '2', '2.1', '3']);
    expect(versions.slice(-3)).toEqual(['R__Datasets_view', 'R__Jobs_view_and_rewrite_function', 'R__Runs_view']);
    expect(set.problems).toEqual([]);
    const { findings } = lintFindings(path.join(corpusRunners, 'MarquezProject__marquez'), ['api/src/main/resources/marquez/db/migration']);
    expect(findings.filter((f) => f.file.includes('V47__') && f.rule === 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
    expect(byRule(findings, 'invalid-file')).toEqual([]);
    expect(byRule(findings, 'syntax-error')).toEqual([]);
  });

  it('villeheikkila/Tastybytes (graphile-migrate): .gmrc afterReset first, 317 committed files in order, then current/1-current.sql', async () => {
    if (!usable()) return;
    const set = await readSet('villeheikkila__Tastybytes', '@api/db/migrations/committed');
    const current = await readSet('villeheikkila__Tastybytes', '@api/db/migrations/current');
    const both = await readSet('villeheikkila__Tastybytes', '@api/db/migrations');
    expect(count(set.migrations, (m) => m.runner)).toEqual({ 'graphile-migrate': 317 });
    expect(set.problems).toEqual([]);
    expect(current.migrations.map((m) => m.id)).toEqual(['current_1-current']);
    const graphile = both.migrations.filter((m) => m.runner === 'graphile-migrate');
    expect(graphile.length).toBe(319);
    expect(graphile[0]?.id).toBe('0_afterReset');
    expect(graphile.at(-1)?.id).toBe('current_1-current');
    // afterReset.sql is one query graphile-migrate sends without a transaction (the file has its own BEGIN/COMMIT).
    expect(graphile.slice(1).every((m) => m.up.wrap === 'wrapped')).toBe(true);
    expect(graphile[0]?.up.wrap).toBe('implicit');
    const { findings } = lintFindings(path.join(corpusRunners, 'villeheikkila__Tastybytes'), ['@api/db/migrations/committed']);
    expect(byRule(findings, 'invalid-file')).toEqual([]);
    expect(byRule(findings, 'require-down-migration')).toEqual([]);
  });
});
