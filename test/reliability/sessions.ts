// Finding migrationlint's sessions on the server from another (superuser) session, to
// interrupt them at a known point.
import type pg from 'pg';

export const MIGRATION_SESSION = 'migrationlint: public.migrationlint_history';
export const LOCK_SESSION = 'migrationlint (lock)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a session named `app` on `database` runs a statement matching `like` (ILIKE);
 * returns its pid. `gone` (checked while waiting) stops the wait early, e.g. the process exited.
 */
export async function waitForStatement(admin: pg.Client, database: string, app: string, like: string, gone: () => boolean, seconds = 120): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const r = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND query ILIKE $3",
      [database, app, like],
    );
    if (r.rows[0]) return r.rows[0].pid;
    if (gone()) throw new Error(`the process ended before a ${app} session ran ${like}`);
    await sleep(20);
  }
  throw new Error(`no ${app} session ran ${like} within ${seconds} s`);
}

/** The pid of the (idle) session named `app` on `database`. */
export async function sessionPid(admin: pg.Client, database: string, app: string): Promise<number> {
  const r = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, app]);
  if (!r.rows[0]) throw new Error(`no ${app} session on ${database}`);
  return r.rows[0].pid;
}

export async function terminate(admin: pg.Client, pid: number): Promise<void> {
  const r = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
  if (!r.rows[0]?.ok) throw new Error(`pg_terminate_backend(${pid}) failed`);
}
