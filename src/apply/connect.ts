// Where the migrations go: a PostgreSQL URL (flag or env) through node-postgres, or else the
// embedded PGlite data directory. Opens the lock session and the migration session.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ApplyConfig } from '../config-schema.js';
import type { Db } from './driver.js';
import { usageError } from './errors.js';
import { acquireFileLock, type HeldLock, type WaitOptions } from './lock.js';
import { PgDb } from './pg-driver.js';
import { PgliteDb } from './pglite-driver.js';
import { displayUrl, type Redactor } from './redact.js';
import type { ServerVersion } from './server-version.js';

export type DbTarget =
  | { kind: 'pg'; url: string; display: string }
  | { kind: 'pglite'; dataDir: string; display: string }
  /** A PGlite instance owned by the caller (library users, tests): never closed by us. */
  | { kind: 'pglite-instance'; pglite: PGlite; display: string };

export interface TargetInput {
  /** --database-url */
  databaseUrl?: string;
  env: NodeJS.ProcessEnv;
  apply: ApplyConfig;
  /** Base directory of relative config paths (the config file's directory). */
  configDir: string;
}

/** Flag, then the env var the config names, then the embedded data directory. */
export function resolveTarget(input: TargetInput, redactor: Redactor): DbTarget {
  const fromEnv = input.env[input.apply.databaseUrlEnv];
  const url = input.databaseUrl?.trim() || fromEnv?.trim() || undefined;
  if (url) {
    const source = input.databaseUrl?.trim() ? '--database-url' : `$${input.apply.databaseUrlEnv}`;
    validateUrl(url, source, redactor);
    return { kind: 'pg', url, display: displayUrl(url) };
  }
  const dataDir = path.resolve(input.configDir, input.apply.dataDir);
  return { kind: 'pglite', dataDir, display: `embedded PGlite database in ${dataDir}` };
}

function validateUrl(url: string, source: string, redactor: Redactor): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`${source} is not a valid URL: ${redactor.redact(url)} (expected postgres://user:password@host:port/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw usageError(`${source} must be a postgres:// or postgresql:// URL, not ${parsed.protocol}//…`);
  }
  const rootCert = parsed.searchParams.get('sslrootcert');
  if (rootCert && rootCert !== 'system' && !existsSync(rootCert)) {
    throw usageError(`${source}: sslrootcert file not found: ${rootCert}`);
  }
}

export interface Session {
  target: DbTarget;
  /** Runs the migrations. */
  db: Db;
  /** Holds the advisory lock and never opens a transaction (the same instance with PGlite). */
  lockDb: Db;
  /** Read once connected (prepare.ts connect()). */
  server?: ServerVersion;
  /** PostgreSQL: the server process id of `db`. */
  pid?: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PGlite: wait options for the data-directory lock file (taken before the database opens). */
  fileLock: WaitOptions;
  /** PGlite: called before a data directory that holds no database yet is initialized. */
  onCreate?: (dataDir: string) => void;
  /** PostgreSQL: application_name of the migration session (default "migrationlint"). */
  applicationName?: string;
}

export async function openSession(target: DbTarget, opts: OpenOptions): Promise<Session> {
  if (target.kind === 'pglite-instance') {
    const db = new PgliteDb(target.pglite, false);
    return { target, db, lockDb: db, close: async () => undefined };
  }
  if (target.kind === 'pglite') {
    // PGlite is one in-process session: the lock file keeps a second process out.
    const fileLock: HeldLock = await acquireFileLock(target.dataDir, opts.fileLock);
    let db: PgliteDb;
    try {
      if (!pgliteInitialized(target.dataDir)) opts.onCreate?.(target.dataDir);
      db = await PgliteDb.open(target.dataDir);
    } catch (err) {
      await fileLock.release();
      throw err;
    }
    return {
      target,
      db,
      lockDb: db,
      close: async () => {
        try {
          await db.close();
        } finally {
          await fileLock.release();
        }
      },
    };
  }
  const lockDb = await PgDb.connect({ url: target.url, applicationName: 'migrationlint (lock)' });
  let db: PgDb;
  try {
    db = await PgDb.connect({ url: target.url, applicationName: opts.applicationName ?? 'migrationlint' });
  } catch (err) {
    await lockDb.close();
    throw err;
  }
  const close = async () => {
    await db.close();
    await lockDb.close();
  };
  let pid: number;
  try {
    const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    pid = Number(row?.pid);
  } catch (err) {
    await close();
    throw err;
  }
  return { target, db, lockDb, pid, close };
}

/** Whether an embedded data directory already holds a database (dry runs must not create one). */
export function pgliteInitialized(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}
