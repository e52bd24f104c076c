// The static lock table against PGlite (PostgreSQL 18): each statement in a transaction, then
// pg_locks and relfilenodes compared with lockOf. PGlite is one connection, so statements that
// cannot run in a transaction (CONCURRENTLY, VACUUM) are proven on the Debian server only.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../src/parse.js';
import { openPglite } from './helpers/pglite.js';
import { CASES, RESET, SETUP } from './locks.cases.js';
import { catalog, expectedLocks, expectedRewrites, factsFor, observedLocks, observedRewrites, relationLocks, serverMajor, withoutGone, type Query } from './locks.observe.js';

let db: PGlite;
let query: Query;
let major: number;

beforeAll(async () => {
  await loadParser();
  db = await openPglite();
  query = async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows;
  await db.exec(RESET);
  await db.exec(SETUP);
  major = await serverMajor(query);
});

afterAll(async () => {
  await db?.close();
});

describe('lock table on PGlite', () => {
  it('is PostgreSQL 18', () => {
    expect(major).toBe(18);
  });

  for (const c of CASES.filter((c) => !c.concurrent && !c.pgOnly)) {
    it(c.sql, async () => {
      const facts = factsFor(c.sql, major);
      const before = await catalog(query);
      await db.exec('BEGIN');
      try {
        await db.exec(c.sql);
        const locks = await relationLocks(query);
        const after = await catalog(query);
        const expected = expectedLocks(c, facts, before);
        expect(observedLocks(locks, before, expected)).toEqual(expected);
        const rewrites = expectedRewrites(c, facts, before);
        const observed = observedRewrites(before, after, Object.keys(rewrites));
        expect(observed).toEqual(withoutGone(rewrites, observed));
      } finally {
        await db.exec('ROLLBACK');
      }
    });
  }
});
