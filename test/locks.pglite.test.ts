// The static lock table against PGlite (PostgreSQL 18): each statement in a transaction, then
// pg_locks and relfilenodes compared with lockOf. PGlite is one connection, so statements that
// cannot run in a transaction (CONCURRENTLY, VACUUM) are proven on the Debian server only.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../src/parse.js';
import { openPglite } from './helpers/pglite.js';
import { CASES, RESET, SETUP } from './locks.cases.js';
import { assertCaseInTransaction, serverMajor, type Query } from './locks.observe.js';

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
      await assertCaseInTransaction(c, (sql) => db.exec(sql), query, major);
    });
  }
});
