// Db over node-postgres: one pg.Client per Db, so the lock session and the migration session
// are separate server connections.
import pg from 'pg';
import type { Db, Row } from './driver.js';

export interface PgConnectOptions {
  url: string;
  applicationName?: string;
  /** Seconds to wait for the TCP/TLS connection. */
  connectTimeout?: number;
}

/**
 * node-postgres reports a dropped connection (server restart, pg_terminate_backend) with a
 * plain Error and no code; give it one, so it is told apart from a bug (exit 1, not 2).
 */
function connectionLost(err: unknown): unknown {
  if (!(err instanceof Error) || typeof (err as { code?: unknown }).code === 'string') return err;
  if (!/connection terminated|not queryable|connection ended/i.test(err.message)) return err;
  return Object.assign(new Error(`the connection to the server was lost (${err.message})`), { code: 'ECONNRESET' });
}

export class PgDb implements Db {
  readonly kind = 'pg' as const;
  private closed = false;
  /** The last error the idle client emitted (a dropped connection); raised by the next call. */
  private brokenBy: Error | undefined;

  private constructor(private readonly client: pg.Client) {
    client.on('error', (err: Error) => {
      this.brokenBy = err;
    });
  }

  static async connect(opts: PgConnectOptions): Promise<PgDb> {
    // sslmode, sslrootcert, sslcert, sslkey in the URL are read by pg-connection-string.
    const client = new pg.Client({
      connectionString: opts.url,
      application_name: opts.applicationName ?? 'migrationlint',
      connectionTimeoutMillis: (opts.connectTimeout ?? 30) * 1000,
    });
    const db = new PgDb(client);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return db;
  }

  async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    this.check();
    try {
      const res = await this.client.query<R>(text, params as unknown[]);
      return res.rows;
    } catch (err) {
      throw connectionLost(err);
    }
  }

  async exec(text: string): Promise<void> {
    this.check();
    try {
      // Without values node-postgres uses the simple query protocol, like psql.
      await this.client.query(text);
    } catch (err) {
      throw connectionLost(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }

  private check(): void {
    if (this.brokenBy) throw connectionLost(this.brokenBy);
  }
}
