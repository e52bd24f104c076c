// Session isolation between migrations on a real PostgreSQL server (see session-isolation.ts).
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { sessionIsolationScenario } from './session-isolation.js';

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
}, 60_000);
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

describe('apply on PostgreSQL: each migration starts from a clean session', () => {
  sessionIsolationScenario(async (ctx) => {
    const server = requireServer(started, ctx);
    const url = await server.createDatabase('isolation');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const admin = await server.admin(new URL(url).pathname.slice(1));
    return {
      target: { databaseUrl: url },
      q: async (sql, params) => (await c.query<Record<string, unknown>>(sql, params)).rows,
      asSuperuser: async (sql) => void (await admin.query(sql)),
      user: server.user,
      close: async () => {
        await c.end();
        await admin.end();
      },
    };
  });
});
