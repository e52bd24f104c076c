// What a killed run leaves on the server. When a migrationlint process dies, its lock session
// ends at once (idle, the server sees the closed socket) but its migration session goes on
// with the statement it sent last — a CREATE INDEX CONCURRENTLY can run for minutes — and
// only then notices the client is gone. The next run must not start until that statement is
// over: the history it reads would not be final, and its first statement could overlap it.
//
// The migration session holds a second advisory lock (the session lock) for as long as its
// server process lives, so the server itself records which pid that is: a leftover is found
// by that pid in pg_locks and pg_stat_activity, whatever application_name a migration set.
import { advisoryLockHalves, advisoryLockKey, type WaitOptions } from './lock.js';
import type { Db } from './driver.js';
import { refusal } from './errors.js';
import type { TableName } from './history.js';

/** application_name of the migration session; PostgreSQL keeps 63 bytes of it. */
export function migrationSessionName(table: TableName): string {
  return `migrationlint: ${table.display}`.slice(0, 63);
}

/** The session lock's key: one per history table, like the migration lock's. */
export function sessionLockKey(table: TableName): string {
  return advisoryLockKey(`${table.display} migration session`);
}

interface Busy {
  pid: number;
  state: string | null;
  since: string | null;
  query: string | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes the session lock on the migration session `db` (again, if a migration's
 * pg_advisory_unlock_all or DISCARD ALL let it go); false when another process holds it.
 */
export async function holdMigrationSession(db: Db, table: TableName): Promise<boolean> {
  const key = sessionLockKey(table);
  const { classid, objid } = advisoryLockHalves(key);
  const rows = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid()
                      AND classid = $2::bigint::oid AND objid = $3::bigint::oid)
            OR pg_try_advisory_lock($1::bigint) AS ok`,
    [key, classid, objid],
  );
  return rows[0]?.ok === true;
}

/**
 * Call while holding the migration lock: waits (up to `waitSeconds`) until no server process
 * of an earlier run of this history table on this database is left — the holder of the
 * session lock, or (runs of older versions) a busy session with the migration session's
 * application_name — then takes the session lock on `db`.
 */
export async function waitForLeftovers(lockDb: Db, db: Db, table: TableName, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  const { classid, objid } = advisoryLockHalves(sessionLockKey(table));
  let announced = false;
  for (;;) {
    const busy = await lockDb.query<Busy & Record<string, unknown>>(
      `SELECT a.pid, a.state, to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS since, left(a.query, 120) AS query
         FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
          AND (a.pid IN (SELECT l.pid FROM pg_locks l
                          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                            AND l.classid = $2::bigint::oid AND l.objid = $3::bigint::oid
                            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
               OR (a.application_name = $1 AND a.state IS DISTINCT FROM 'idle'))
        ORDER BY a.pid`,
      [migrationSessionName(table), classid, objid],
    );
    // Our own migration session may hold it already (a second call in one run).
    const others = await withoutOwn(db, busy);
    if (others.length === 0 && (await holdMigrationSession(db, table))) return;
    const first = others[0];
    const who = first
      ? `server pid ${first.pid}, ${first.state ?? 'state unknown'} since ${first.since ?? '?'} UTC: ${(first.query ?? '').replace(/\s+/g, ' ')}`
      : 'a server process that is ending';
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw refusal(
        `A migration session of an earlier migrationlint run is still busy (${who}); gave up after ${opts.waitSeconds} s (--lock-wait). ` +
          `A killed run leaves its last statement running on the server: wait for it to end, or cancel it with SELECT pg_cancel_backend(${first?.pid ?? 'PID'}).`,
        'lock',
      );
    }
    if (opts.signal?.aborted) throw refusal('interrupted while waiting for the last statement of an earlier run; nothing was run', 'interrupted');
    if (!announced) {
      announced = true;
      opts.onWait?.(`the last statement of an earlier run: ${who}`);
    }
    await sleep(Math.min(opts.pollMs ?? 200, remaining));
  }
}

async function withoutOwn(db: Db, busy: Busy[]): Promise<Busy[]> {
  if (busy.length === 0) return busy;
  const [own] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return busy.filter((b) => b.pid !== own?.pid);
}
