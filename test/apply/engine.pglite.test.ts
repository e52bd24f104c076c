// The engine scenarios against PGlite (one shared in-memory instance for the file).
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPglite, resetPglite } from '../helpers/pglite.js';
import { engineScenarios } from './scenarios.js';

let db: PGlite;
beforeAll(async () => {
  db = await openPglite();
});
afterAll(async () => {
  await db?.close();
});

describe('apply engine on PGlite', () => {
  engineScenarios(async () => {
    await resetPglite(db);
    return {
      target: { pglite: db },
      q: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
      user: 'postgres',
      close: async () => undefined,
    };
  });
});
