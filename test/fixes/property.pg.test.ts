// Every fix lint offers on these migrations is run on the Debian PostgreSQL 15 before and after:
// each migration runs after its setup in a fresh database, statement by statement in autocommit
// (how the migrations below run: CONCURRENTLY needs it), original and fixed in two databases.
// A fix fails the test when the fixed migration fails while the original does not, or leaves a
// different schema (relations, columns, indexes and their validity, constraints and their
// validation; column types are the intended difference and left out): a fix that made the
// migration a no-op leaves the schema as before it, not as the original left it.
// The inputs: the withheld cases (no fix may be offered there) and migrations where each
// fixable rule does offer one. Not the /work/shared/corpus sets: see the note in the report.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/fix.js';
import { lintSql } from '../helpers/lint-sql.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { WITHHELD_FIXES } from './withheld.cases.js';

interface PropertyCase {
  name: string;
  setup: string;
  migration: string;
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

const CASES: PropertyCase[] = [...OFFERED, ...WITHHELD_FIXES.map(({ name, setup, migration }) => ({ name, setup, migration }))];

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

const SNAPSHOT = `
  SELECT 'rel ' || c.relname || ' ' || c.relkind::text AS item FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p','v','m','i','I','S')
  UNION ALL SELECT 'col ' || c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'idx ' || i.indexrelid::regclass || ' valid=' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL SELECT 'con ' || conname || ' validated=' || convalidated FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  ORDER BY 1`;

/** Runs the migration statement by statement; the schema after it, or the SQLSTATE it failed with. */
async function run(server: PgServer, setup: string, migration: string): Promise<{ snapshot: string[] } | { sqlstate: string }> {
  const database = new URL(await server.createDatabase('property')).pathname.slice(1);
  const client: pg.Client = await server.admin(database);
  try {
    await client.query(setup);
    for (const statement of migration.split(/;\s*\n/).filter((s) => s.trim() !== '')) {
      try {
        await client.query(statement);
      } catch (error) {
        return { sqlstate: (error as { code?: string }).code ?? 'no code' };
      }
    }
    return { snapshot: (await client.query<{ item: string }>(SNAPSHOT)).rows.map((r) => r.item) };
  } finally {
    await client.end();
  }
}

describe('property: every fix offered keeps the migration working and doing the same', () => {
  const figures = { tried: 0, passed: 0, withheld: 0 };

  for (const c of CASES) {
    it(c.name, async (ctx) => {
      const server = requireServer(started, ctx);
      const result = await lintSql(c.migration, { filename: '002_migration.sql', others: { '001_setup.sql': c.setup } });
      const findings = result.findings.filter((f) => f.file.endsWith('002_migration.sql') && !f.suppressed);
      const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
      figures.withheld += findings.filter((f) => !f.fix && WITHHELD_FIXES.some((w) => w.rule === f.ruleId && w.migration === c.migration)).length;
      const original = await run(server, c.setup, c.migration);
      expect(original).toHaveProperty('snapshot');
      for (const fix of fixes) {
        figures.tried++;
        const fixed = await run(server, c.setup, applyFixes(c.migration, [fix]).text);
        expect(fixed, `${fix.title} on ${c.name}`).toEqual(original);
        figures.passed++;
      }
      if (OFFERED.includes(c)) expect(fixes.length).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    console.info(`property: ${figures.tried} fixes tried, ${figures.passed} passed, ${figures.withheld} withheld`);
  });
});
