// apply --backup DIR: before pg_dump starts, the directory must have room for the dump.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Db } from './driver.js';
import { refusal } from './errors.js';

/**
 * A custom-format dump is compressed and leaves index contents out, so it is usually smaller
 * than pg_database_size; but already-compressed data (TOASTed text, bytea, images) does not
 * shrink. Required: the database's size plus 10 %, at least 64 MiB more.
 */
export function requiredBackupBytes(databaseBytes: number): number {
  return databaseBytes + Math.max(Math.ceil(databaseBytes * 0.1), 64 * 1024 * 1024);
}

/** Bytes an unprivileged process may still write on the filesystem holding `dir` (or its nearest existing parent). */
async function freeBytes(dir: string): Promise<number> {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await fs.statfs(at);
      return s.bavail * s.bsize;
    } catch (err) {
      const parent = path.dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw err;
      at = parent;
    }
  }
}

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

/** Refuses (exit 1, nothing run) when `dir` has less free space than the dump may need. */
export async function checkBackupSpace(db: Db, dir: string): Promise<{ freeBytes: number; databaseBytes: number }> {
  const [row] = await db.query<{ size: string }>('SELECT pg_database_size(current_database())::text AS size');
  const databaseBytes = Number(row?.size ?? 0);
  const free = await freeBytes(dir);
  const needed = requiredBackupBytes(databaseBytes);
  if (free < needed) {
    throw refusal(
      `Refusing to back up, nothing was applied: ${dir} has ${mib(free)} free (${free} bytes), the database is ${mib(databaseBytes)} (pg_database_size ${databaseBytes} bytes) ` +
        `and its dump may need up to ${mib(needed)} (the size plus 10 %, at least 64 MiB). Free some space or give --backup another directory.`,
      'backup',
    );
  }
  return { freeBytes: free, databaseBytes };
}
