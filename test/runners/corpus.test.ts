// Every real history of ../shared/corpus and ../shared/corpus-runners through runner detection:
// the runner found, the migrations and up/down pairs read, no pairing or invalid-file problem on
// a well-formed set; and verify replaying the Prisma and Drizzle sets without a false failure.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { discover } from '../../src/discover.js';
import { lint } from '../../src/lint.js';
import { verify } from '../../src/verify/verify.js';
import { corpusDir, corpusRunnersDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

interface Expected {
  root: string;
  set: string;
  runner: string;
  migrations: number;
  /** Migrations whose down is a file of its own. */
  downFiles: number;
  /** Migrations whose down is a section of the up file. */
  downSections: number;
  /** invalid-file problems (0 on a well-formed set). */
  invalid: number;
}

const row = (root: string, set: string, runner: string, migrations: number, downFiles: number, downSections: number, invalid = 0): Expected => ({ root, set, runner, migrations, downFiles, downSections, invalid });

const EXPECTED: Expected[] = [
  row(corpusDir, 'dani-garcia__vaultwarden', 'diesel', 46, 46, 0),
  row(corpusDir, 'element-hq__synapse', 'migrationlint', 404, 0, 0),
  // golang-migrate is told from migrationlint's own engine by the Go module around the set; the copy has no go.mod.
  row(corpusDir, 'goharbor__harbor', 'migrationlint', 39, 0, 0),
  row(corpusDir, 'hatchet-dev__hatchet', 'goose', 224, 0, 136),
  row(corpusDir, 'ory__kratos', 'popx', 346, 346, 0),
  row(corpusDir, 'rust-lang__crates.io', 'diesel', 285, 285, 0),
  row(corpusDir, 'supabase__auth', 'popx', 70, 0, 0),
  row(corpusDir, 'supabase__storage', 'migrationlint', 92, 0, 0),
  row(corpusRunnersDir, 'MarquezProject__marquez', 'flyway', 84, 0, 0),
  row(corpusRunnersDir, 'langfuse__langfuse', 'prisma', 434, 0, 0),
  // 0091_backfill_user_stats.sql: not in the journal, and a second 0091.
  row(corpusRunnersDir, 'simstudioai__sim', 'drizzle', 298, 0, 0, 2),
  row(corpusRunnersDir, 'rust-lang__docs.rs', 'sqlx', 33, 33, 0),
  row(corpusRunnersDir, 'target__goalert', 'sql-migrate', 280, 0, 280),
  // The committed migrations (afterReset.sql beside them is a hook, not a migration).
  row(corpusRunnersDir, 'villeheikkila__Tastybytes/@api/db/migrations/committed', 'graphile-migrate', 317, 0, 0),
  // One revert script (create_user_from_session_002_…) that no plan change names.
  row(corpusRunnersDir, 'bcgov__cas-cif', 'sqitch', 334, 334, 0, 1),
  // grid/embedding/embedding.sql: no changelog includes it.
  row(corpusRunnersDir, 'elhub__flex-information-system', 'liquibase', 960, 0, 0, 1),
];

describe.runIf(hasCorpus || inCI)('runners on the shared corpora', () => {
  for (const e of EXPECTED) {
    it(`${e.set}: ${e.runner}, ${e.migrations} migrations`, async () => {
      if (!requireCorpus()) return;
      const set = await discover({ cwd: e.root, patterns: [e.set], runner: 'auto', assumeInTransaction: false });
      expect(new Set(set.migrations.map((m) => m.runner))).toEqual(new Set([e.runner]));
      expect(set.migrations).toHaveLength(e.migrations);
      expect(set.migrations.filter((m) => m.down && m.down.file !== m.up.file)).toHaveLength(e.downFiles);
      expect(set.migrations.filter((m) => m.down && m.down.file === m.up.file)).toHaveLength(e.downSections);
      expect(set.problems.filter((p) => p.ruleId === 'invalid-file')).toHaveLength(e.invalid);
    });
  }

  it('verify replays langfuse__langfuse (prisma) in directory-name order: every up applies', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifySet('langfuse__langfuse');
    expect(r.findings.filter((f) => f.ruleId === 'verify-up-fails').map((f) => `${f.file}: ${f.message}`)).toEqual([]);
    expect(r.migrations.every((m) => m.up === 'applied')).toBe(true);
  });

  it('verify replays simstudioai__sim (drizzle) in journal order: no up fails before pgvector, which PGlite lacks', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifySet('simstudioai__sim');
    expect(r.findings.filter((f) => f.ruleId === 'verify-up-fails').map((f) => `${f.file}: ${f.message}`)).toEqual([]);
    const firstNotApplied = r.migrations.findIndex((m) => m.up !== 'applied');
    expect(r.migrations[firstNotApplied]?.version).toBe('0039');
    expect(r.findings.find((f) => f.ruleId === 'verify-skipped')?.message).toContain('extension "vector" is not available in PGlite');
  });
});

async function verifySet(set: string) {
  const config = resolveConfig({}, undefined, corpusRunnersDir);
  const result = await lint({ cwd: corpusRunnersDir, config, paths: [set] });
  return verify({ cwd: corpusRunnersDir, config, lintResult: result });
}
