// Keeps two applies apart: a session-level advisory lock on a connection that never opens a
// transaction (PostgreSQL), or a lock file in the data directory (PGlite, one process at a time).
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import type { Db } from './driver.js';
import { refusal } from './errors.js';

export interface HeldLock {
  release(): Promise<void>;
  /** Throws (refusal 'lock') when the lock is no longer ours: its session ended, its file is gone. */
  verify(): Promise<void>;
}

function lostLock(why: string): Error {
  return refusal(`Lost the migration lock (${why}); stopped, so that another run cannot apply the same migrations a second time. Run again.`, 'lock');
}

export interface WaitOptions {
  /** Seconds to keep trying before giving up. */
  waitSeconds: number;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (holder: string) => void;
  pollMs?: number;
  /** Stop waiting when aborted (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

function stopWaiting(opts: WaitOptions): void {
  if (opts.signal?.aborted) throw refusal('interrupted while waiting for the migration lock; nothing was run', 'interrupted');
}

/** A signed 64-bit advisory lock key (as a decimal string) derived from the history table name. */
export function advisoryLockKey(historyTable: string): string {
  const digest = createHash('sha256').update(`migrationlint:${historyTable}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/** The two 32-bit halves pg_locks shows for a bigint advisory key (classid, objid). */
export function advisoryLockHalves(key: string): { classid: string; objid: string } {
  const v = BigInt.asUintN(64, BigInt(key));
  return { classid: (v >> 32n).toString(), objid: (v & 0xffffffffn).toString() };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes pg_advisory_lock(key) on `lockDb`, polling pg_try_advisory_lock for up to
 * `waitSeconds`. The lock is session-level: it outlives transactions on other connections and
 * never makes `lockDb` open one, so CREATE INDEX CONCURRENTLY on the migration connection does
 * not wait for it.
 */
export async function acquireAdvisoryLock(lockDb: Db, key: string, opts: WaitOptions): Promise<HeldLock> {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  let announced = false;
  for (;;) {
    const [row] = await lockDb.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
    if (row?.ok) {
      return {
        release: async () => {
          await lockDb.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        },
        verify: async () => {
          const { classid, objid } = advisoryLockHalves(key);
          let held: boolean;
          try {
            const rows = await lockDb.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid()
                  AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
              [classid, objid],
            );
            held = (rows[0]?.n ?? 0) > 0;
          } catch (err) {
            throw lostLock(`its database session ended: ${err instanceof Error ? err.message : String(err)}`);
          }
          if (!held) throw lostLock('its database session no longer holds it');
        },
      };
    }
    const holder = await describeAdvisoryHolder(lockDb, key);
    stopWaiting(opts);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw refusal(
        `Another migrationlint run holds the migration lock (${holder}); gave up after ${opts.waitSeconds} s (--lock-wait).`,
        'lock',
      );
    }
    if (!announced) {
      announced = true;
      opts.onWait?.(holder);
    }
    await sleep(Math.min(opts.pollMs ?? 500, remaining));
  }
}

/** Whether some session holds the advisory lock (for `status`). */
export async function advisoryLockHeld(db: Db, key: string): Promise<boolean> {
  const { classid, objid } = advisoryLockHalves(key);
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1
        AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
    [classid, objid],
  );
  return (rows[0]?.n ?? 0) > 0;
}

async function describeAdvisoryHolder(db: Db, key: string): Promise<string> {
  const { classid, objid } = advisoryLockHalves(key);
  const rows = await db.query<{ pid: number; application_name: string | null; client: string | null; since: string | null }>(
    `SELECT l.pid, a.application_name, a.client_addr::text AS client,
            to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS since
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid`,
    [classid, objid],
  );
  const r = rows[0];
  if (!r) return 'holder unknown';
  const parts = [`server pid ${r.pid}`];
  if (r.application_name) parts.push(`application ${r.application_name}`);
  if (r.client) parts.push(`from ${r.client}`);
  if (r.since) parts.push(`connected since ${r.since} UTC`);
  return parts.join(', ');
}

export const LOCK_FILE = 'migrationlint.lock';

interface LockFileContent {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * PGlite is single-process: two processes opening one data directory would corrupt it. The
 * lock file (created with O_EXCL) is taken before the database is opened and removed after it
 * is closed. A file left by a process that died on this host is taken over.
 */
export async function acquireFileLock(dataDir: string, opts: WaitOptions): Promise<HeldLock> {
  makeIgnoredDirectory(dataDir);
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockFileContent = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const deadline = Date.now() + opts.waitSeconds * 1000;
  let announced = false;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      const ours = (now: LockFileContent | undefined) => now !== undefined && now.pid === mine.pid && now.startedAt === mine.startedAt;
      return {
        release: async () => {
          if (ours(await readLockFile(file))) await fs.rm(file, { force: true });
        },
        verify: async () => {
          if (!ours(await readLockFile(file))) throw lostLock(`the lock file ${file} was removed or replaced`);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readLockFile(file);
    if (holder && holder.host === mine.host && !processAlive(holder.pid)) {
      await fs.rm(file, { force: true });
      continue;
    }
    const who = holder ? `pid ${holder.pid} on ${holder.host} since ${holder.startedAt}` : 'a process that is starting';
    stopWaiting(opts);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw refusal(
        `Another migrationlint process is using the embedded database in ${dataDir} (${who}); gave up after ${opts.waitSeconds} s (--lock-wait). ` +
          `If no such process runs, delete ${file}.`,
        'lock',
      );
    }
    if (!announced) {
      announced = true;
      opts.onWait?.(who);
    }
    await sleep(Math.min(opts.pollMs ?? 200, remaining));
  }
}

async function readLockFile(file: string): Promise<LockFileContent | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      typeof (parsed as LockFileContent).pid === 'number' &&
      typeof (parsed as LockFileContent).host === 'string' &&
      typeof (parsed as LockFileContent).startedAt === 'string'
    ) {
      return parsed as LockFileContent;
    }
  } catch {
    // missing, or being written right now
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
