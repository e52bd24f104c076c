// The one PostgreSQL server a test file shares (bench scripts use ./postgres.ts without vitest).
import { afterAll, beforeAll } from 'vitest';
import { requireServer, startPostgres, type PgServer, type StartResult } from './postgres.js';

/**
 * For a test file: one PostgreSQL server, started before its tests (then `setup` on it) and
 * stopped after them. The function returned gives a test the server: it fails under CI
 * (CI=true) and skips with the reason otherwise, as requireServer.
 */
export function usePostgres(setup?: (server: PgServer) => Promise<void>): (ctx: { skip: (note?: string) => never }) => PgServer {
  let started: StartResult | undefined;
  beforeAll(async () => {
    started = await startPostgres();
    if (setup && 'server' in started) await setup(started.server);
  });
  afterAll(async () => {
    if (started && 'server' in started) await started.server.stop();
  });
  return (ctx) => requireServer(started, ctx);
}
