// What a killed run leaves on the server. When a migrationlint process dies, its lock session
// ends at once (idle, the server sees the closed socket) but its migration session goes on
// with the statement it sent last — a CREATE INDEX CONCURRENTLY can run for minutes — and
// only then notices the client is gone. The next run must not start until that statement is
// over: the history it reads would not be final, and its first statement could overlap it.
import type { Db } from './driver.js';
import { refusal } from './errors.js';
import type { TableName } from './history.js';
import type { WaitOptions } from './lock.js';

/** application_name of the migration session; PostgreSQL keeps 63 bytes of it. */
export function migrationSessionName(table: TableName): string {
  return `migrationlint: ${table.display}`.slice(0, 63);
}

interface Busy {
  pid: number;
  state: string;
  since: string | null;
  query: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Call while holding the migration lock, on the lock session: waits (up to `waitSeconds`) until
 * no other migration session of this history table on this database is running a statement
 * or holds a transaction. A live run waiting for the lock keeps its session idle.
 */
export async function waitForLeftovers(lockDb: Db, table: TableName, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  let announced = false;
  for (;;) {
    const busy = await lockDb.query<Busy & Record<string, unknown>>(
      `SELECT pid, state, to_char(query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS since, left(query, 120) AS query
         FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()
          AND state IS DISTINCT FROM 'idle'
        ORDER BY pid`,
      [migrationSessionName(table)],
    );
    const first = busy[0];
    if (!first) return;
    const who = `server pid ${first.pid}, ${first.state} since ${first.since ?? '?'} UTC: ${first.query.replace(/\s+/g, ' ')}`;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw refusal(
        `A migration session of an earlier migrationlint run is still busy (${who}); gave up after ${opts.waitSeconds} s (--lock-wait). ` +
          `A killed run leaves its last statement running on the server: wait for it to end, or cancel it with SELECT pg_cancel_backend(${first.pid}).`,
        'lock',
      );
    }
    if (!announced) {
      announced = true;
      opts.onWait?.(`the last statement of an earlier run: ${who}`);
    }
    await sleep(Math.min(opts.pollMs ?? 200, remaining));
  }
}
