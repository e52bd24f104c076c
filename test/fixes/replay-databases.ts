// The databases a corpus replay works in, on one PostgreSQL server: created, cloned from another
// (CREATE DATABASE … TEMPLATE: a copy of the history so far, without replaying it) and dropped;
// and the one session a replay keeps on its database, closed while that database is cloned (a
// template must have no other session).
import type pg from 'pg';
import type { Db } from '../../src/apply/driver.js';
import { PgDb } from '../../src/apply/pg-driver.js';
import type { PgServer } from '../helpers/postgres.js';

export interface Cluster {
  /** A superuser session on the maintenance database: creates, clones and drops databases. */
  admin: pg.Client;
  /** A URL for a database, as a superuser role (migrations create extensions, own what they create). */
  url(database: string): string;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function connect(cluster: Cluster, database: string): Promise<PgDb> {
  return PgDb.connect({ url: cluster.url(database), applicationName: 'property-corpus' });
}

export interface Databases {
  /** A new database, empty or a copy of `template`; its name starts with the prefix. */
  create(what: string, template?: string): Promise<string>;
  drop(database: string): Promise<void>;
}

export function databases(cluster: Cluster, prefix: string): Databases {
  let serial = 0;
  return {
    async create(what, template) {
      const database = `${prefix}_${what}_${++serial}`;
      // FILE_COPY: the copy is files, not every page through the WAL (WAL_LOG, 15's default).
      const from = template ? ` TEMPLATE ${quoteIdent(template)} STRATEGY FILE_COPY` : '';
      await cluster.admin.query(`CREATE DATABASE ${quoteIdent(database)}${from}`);
      return database;
    },
    async drop(database) {
      await cluster.admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    },
  };
}

/** One session on a database, opened when first asked for. */
export class Session {
  private db: Db | undefined;

  constructor(
    private readonly cluster: Cluster,
    readonly database: string,
  ) {}

  async get(): Promise<Db> {
    this.db ??= await connect(this.cluster, this.database);
    return this.db;
  }

  /** Before the database is cloned, and at the end. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    await db?.close();
  }
}

/** Makes the server's app role a superuser: migrations create extensions, reindex catalogs, own what they create. */
export async function appAsSuperuser(server: PgServer): Promise<void> {
  const admin = await server.admin();
  try {
    await admin.query(`ALTER ROLE ${server.user} SUPERUSER`);
  } finally {
    await admin.end();
  }
}
