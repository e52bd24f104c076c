// Session isolation between migrations on PGlite, where every apply shares one session.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPglite, resetPglite } from '../helpers/pglite.js';
import { sessionIsolationScenario } from './session-isolation.js';

let db: PGlite;
beforeAll(async () => {
  db = await openPglite();
});
afterAll(async () => {
  await db?.close();
});

describe('apply on PGlite: each migration starts from a clean session', () => {
  sessionIsolationScenario(async () => {
    await resetPglite(db);
    return {
      target: { pglite: db },
      q: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
      asSuperuser: async (sql) => void (await db.exec(sql)),
      user: 'postgres',
      close: async () => undefined,
    };
  });
});
