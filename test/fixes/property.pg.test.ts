// Every fix lint offers on these migrations is run on the Debian PostgreSQL 15 before and after:
// each migration runs after its setup in a fresh database, statement by statement in autocommit
// (how the migrations below run: CONCURRENTLY needs it), original and fixed in two databases.
// A fix fails the test when the fixed migration fails while the original does not, or leaves a
// different schema (the tool's snapshot: src/verify/snapshot.ts) beyond the column type widening
// it intends (test/fixes/fix-effect.ts): a fix that made the migration a no-op leaves the schema
// as before it, not as the original left it.
// The inputs: the withheld cases (no fix may be offered there) and migrations where each
// fixable rule does offer one; and type fixes beside a later migration, run after the migration:
// those it breaks must not be offered, the others must keep it working. The /work/shared/corpus
// sets: property-corpus.pg.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../src/apply/pg-driver.js';
import { applyFixes } from '../../src/fix.js';
import { describeDiff } from '../../src/verify/compare.js';
import { lintSql } from '../helpers/lint-sql.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { unintendedDifference } from './fix-effect.js';
import { runAndSnapshot, type FixFinding, type Outcome } from './fixed-up.js';
import { appAsSuperuser } from './replay-databases.js';
import { WITHHELD_FIXES } from './withheld.cases.js';
import { LATER_CASES, SAFE_LATER } from './later-type-fix.cases.js';

interface PropertyCase {
  name: string;
  setup: string;
  migration: string;
  /** A later migration of the set, run after the migration. */
  later?: string;
}

const OFFERED: PropertyCase[] = [
  { name: 'CREATE INDEX on a known table', setup: 'CREATE TABLE orders (id bigint, customer_id bigint);', migration: 'CREATE INDEX orders_customer_idx ON orders (customer_id);' },
  { name: 'DROP INDEX of a known index', setup: 'CREATE TABLE orders (id bigint);\nCREATE INDEX orders_id_idx ON orders (id);', migration: 'DROP INDEX orders_id_idx;' },
  { name: 'REINDEX INDEX', setup: 'CREATE TABLE orders (id bigint);\nCREATE INDEX orders_id_idx ON orders (id);', migration: 'REINDEX INDEX orders_id_idx;' },
  { name: 'REINDEX TABLE', setup: 'CREATE TABLE orders (id bigint);\nCREATE INDEX orders_id_idx ON orders (id);', migration: 'REINDEX TABLE orders;' },
  {
    name: 'REFRESH of a matview after a unique index on a column',
    setup: 'CREATE TABLE t (a text);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;',
    migration: 'CREATE UNIQUE INDEX mv_a_idx ON mv (a);\nREFRESH MATERIALIZED VIEW mv;',
  },
  { name: 'varchar, int and timestamp columns of a new table', setup: 'CREATE TABLE unrelated (id bigint);', migration: 'CREATE TABLE notes (id int, body varchar(200), at timestamp);' },
  { name: 'ADD COLUMN of the three types', setup: 'CREATE TABLE notes (id bigint);', migration: 'ALTER TABLE notes ADD COLUMN n int, ADD COLUMN title varchar(80), ADD COLUMN seen timestamp(3);' },
];

const UNRELATED = 'CREATE TABLE unrelated (id bigint);';
const OFFERED_BESIDE_LATER: PropertyCase[] = SAFE_LATER.map(({ name, first, later }) => ({ name: `beside a later migration: ${name}`, setup: UNRELATED, migration: first, later }));
const BROKEN_BY_LATER: PropertyCase[] = LATER_CASES.map(({ name, first, later }) => ({ name, setup: UNRELATED, migration: first, later }));

const CASES: PropertyCase[] = [...OFFERED, ...OFFERED_BESIDE_LATER, ...WITHHELD_FIXES.map(({ name, setup, migration }) => ({ name, setup, migration })), ...BROKEN_BY_LATER];

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
  // The setups and migrations were written for a superuser session (REINDEX of a catalog).
  if ('server' in started) await appAsSuperuser(started.server);
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

/** Runs the migration (then the later one) statement by statement on a fresh database after its setup: the schema after it, or how it failed. */
async function run(server: PgServer, setup: string, migration: string, later = ''): Promise<Outcome> {
  const db = await PgDb.connect({ url: await server.createDatabase('property') });
  try {
    await db.exec(setup);
    const statements = `${migration}\n${later}`.split(/;\s*\n/).filter((s) => s.trim() !== '').map((text) => ({ text }));
    return await runAndSnapshot(db, { statements, transaction: 'none' });
  } finally {
    await db.close();
  }
}

describe('property: every fix offered keeps the migration working and doing the same', () => {
  const figures = { tried: 0, passed: 0, withheld: 0 };

  for (const c of CASES) {
    it(c.name, async (ctx) => {
      const server = requireServer(started, ctx);
      const result = await lintSql(c.migration, { filename: '002_migration.sql', others: { '001_setup.sql': c.setup, ...(c.later ? { '003_later.sql': c.later } : {}) } });
      const findings = result.findings.filter((f) => f.file.endsWith('002_migration.sql') && !f.suppressed);
      const fixes = findings.filter((f): f is FixFinding => f.fix !== undefined && !f.fix.breaksLater);
      figures.withheld += findings.filter((f) => (!f.fix && WITHHELD_FIXES.some((w) => w.rule === f.ruleId && w.migration === c.migration)) || f.fix?.breaksLater).length;
      const original = await run(server, c.setup, c.migration, c.later);
      expect(original).toHaveProperty('snapshot');
      for (const fix of fixes) {
        figures.tried++;
        const fixed = await run(server, c.setup, applyFixes(c.migration, [fix.fix]).text, c.later);
        expect(fixed, `${fix.fix.title} on ${c.name}`).toHaveProperty('snapshot');
        if (fixed.ok && original.ok) expect(describeDiff(unintendedDifference(original.snapshot, fixed.snapshot, [fix.ruleId])), `${fix.fix.title} on ${c.name}`).toEqual([]);
        figures.passed++;
      }
      if (OFFERED.includes(c) || OFFERED_BESIDE_LATER.includes(c)) expect(fixes.length).toBeGreaterThan(0);
      if (BROKEN_BY_LATER.includes(c)) expect(findings.filter((f) => f.fix?.breaksLater).length).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    console.info(`property: ${figures.tried} fixes tried, ${figures.passed} passed, ${figures.withheld} withheld`);
  });
});

describe('property: the comparison sees what a bad fix does, and only that', () => {
  const setup = 'CREATE TABLE notes (id bigint);';
  const migration = 'ALTER TABLE notes ADD COLUMN n int DEFAULT 0, ADD COLUMN title varchar(80), ADD COLUMN seen timestamp(3);';
  const unintended = async (server: PgServer, fixedText: string, ruleIds: string[]) => {
    const [original, fixed] = [await run(server, setup, migration), await run(server, setup, fixedText)];
    if (!original.ok || !fixed.ok) throw new Error('both must apply');
    return describeDiff(unintendedDifference(original.snapshot, fixed.snapshot, ruleIds));
  };

  it('the intended widening is no difference', async (ctx) => {
    const server = requireServer(started, ctx);
    const fixed = 'ALTER TABLE notes ADD COLUMN n bigint DEFAULT 0, ADD COLUMN title text, ADD COLUMN seen timestamptz(3);';
    expect(await unintended(server, fixed, ['prefer-bigint-over-int', 'prefer-text-field', 'prefer-timestamptz'])).toEqual([]);
  });

  it('a widening the fix does not intend, a changed default and a statement made a no-op are differences', async (ctx) => {
    const server = requireServer(started, ctx);
    expect(await unintended(server, 'ALTER TABLE notes ADD COLUMN n bigint DEFAULT 0, ADD COLUMN title text, ADD COLUMN seen timestamp(3);', ['prefer-text-field'])).toEqual([
      '~ column public.notes.n: type "integer" → "bigint"',
    ]);
    expect(await unintended(server, migration.replace('DEFAULT 0', 'DEFAULT 1'), [])).toEqual(['~ column public.notes.n: default "0" → "1"']);
    expect(await unintended(server, 'SELECT 1;', ['prefer-bigint-over-int'])).toEqual(['- column public.notes.n', '- column public.notes.seen', '- column public.notes.title']);
  });
});
