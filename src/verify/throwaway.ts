// The throwaway database verify, trace and diff replay migrations on: a fresh PGlite (from the
// cached template), or a database created for the run on a server the user names with
// --shadow-url and dropped afterwards. Never the target database.
import { randomBytes } from 'node:crypto';
import { type Db, sqlState } from '../apply/driver.js';
import { PgDb } from '../apply/pg-driver.js';
import { PgliteDb } from '../apply/pglite-driver.js';
import { displayUrl } from '../apply/redact.js';
import { VerifyError } from './errors.js';
import { pgliteExtensions } from './extensions.js';
import { openThrowawayPglite } from './template.js';

export interface Throwaway {
  kind: 'pglite' | 'pg';
  /** The session migrations run on. */
  db: Db;
  /** "PGlite (PostgreSQL 18.6)" or "shadow database x on host:port (PostgreSQL 15.8)". */
  description: string;
  /** server_version_num / 10000. */
  major: number;
  /** Milliseconds it took to get a ready, empty database. */
  startMs: number;
  /** A second session on the same database, to watch the first (servers only). */
  openObserver?(): Promise<Db>;
  /** Back to an empty database (a new session: `db` is replaced). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface ThrowawayOptions {
  /** A server URL: verify there, in a database created and dropped for the run. */
  shadowUrl?: string;
  /** Extensions the migrations create: the PGlite instance must load them. */
  extensions?: Iterable<string>;
  env?: NodeJS.ProcessEnv;
}

async function versionOf(db: Db): Promise<{ version: string; major: number }> {
  const [row] = await db.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
  return { version: String(row?.v ?? '?').split(' ')[0]!, major: Math.floor(Number(row?.n ?? 0) / 10000) };
}

export async function openThrowaway(opts: ThrowawayOptions): Promise<Throwaway> {
  return opts.shadowUrl ? openShadow(opts.shadowUrl) : openPglite([...(opts.extensions ?? [])], opts.env ?? process.env);
}

async function openPglite(extensionNames: string[], env: NodeJS.ProcessEnv): Promise<Throwaway> {
  const extensions = await pgliteExtensions(extensionNames);
  const first = await openThrowawayPglite(extensions, env);
  let db = new PgliteDb(first.pglite, true);
  const { version, major } = await versionOf(db);
  const t: Throwaway = {
    kind: 'pglite',
    db,
    description: `PGlite (PostgreSQL ${version}, in memory)`,
    major,
    startMs: first.startMs,
    async reset() {
      await db.close();
      db = new PgliteDb((await openThrowawayPglite(extensions, env)).pglite, true);
      t.db = db;
    },
    async close() {
      await db.close();
    },
  };
  return t;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function openShadow(url: string): Promise<Throwaway> {
  const t0 = performance.now();
  const admin = await PgDb.connect({ url, applicationName: 'migrationlint (shadow)' });
  const name = `migrationlint_shadow_${process.pid}_${randomBytes(4).toString('hex')}`;
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const observers: Db[] = [];
  let db: Db | undefined;
  const { version, major } = await versionOf(admin);
  const createDb = async () => {
    try {
      await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (err) {
      const where = `cannot create the shadow database on ${displayUrl(url)}: ${(err as Error).message}`;
      // 42501 insufficient_privilege: the role lacks CREATEDB, a usage error with its cure.
      if (sqlState(err) === '42501') {
        const role = decodeURIComponent(new URL(url).username) || 'the --shadow-url role';
        throw new VerifyError(`${where}. --shadow-url needs a role that may create databases: ALTER ROLE ${role} CREATEDB (run by a superuser), or a URL with such a role.`, 2);
      }
      throw new VerifyError(`${where} (the --shadow-url role needs CREATEDB)`, 1);
    }
    return PgDb.connect({ url: dbUrl.toString(), applicationName: 'migrationlint (verify)' });
  };
  const dropDb = async () => {
    for (const o of observers.splice(0)) await o.close();
    await db?.close();
    // FORCE (PostgreSQL 13+) ends sessions a failed statement may have left behind.
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${major >= 13 ? ' WITH (FORCE)' : ''}`);
  };
  try {
    db = await createDb();
  } catch (err) {
    await admin.close();
    throw err;
  }
  const t: Throwaway = {
    kind: 'pg',
    db,
    description: `shadow database ${name} on ${displayUrl(url)} (PostgreSQL ${version})`,
    major,
    startMs: performance.now() - t0,
    async openObserver() {
      const o = await PgDb.connect({ url: dbUrl.toString(), applicationName: 'migrationlint (trace observer)' });
      observers.push(o);
      return o;
    },
    async reset() {
      await dropDb();
      db = await createDb();
      t.db = db;
    },
    async close() {
      try {
        await dropDb();
      } finally {
        await admin.close();
      }
    },
  };
  return t;
}
