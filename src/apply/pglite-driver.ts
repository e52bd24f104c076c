// Db over an embedded PGlite instance (PostgreSQL in WebAssembly, one session, in process).
import type { PGlite } from '@electric-sql/pglite';
import type { Db, Row } from './driver.js';

export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;

  /**
   * @param owned when false the instance belongs to the caller (tests share one per file)
   *   and close() leaves it open.
   */
  constructor(
    readonly pglite: PGlite,
    private readonly owned: boolean,
  ) {}

  static async open(dataDir: string | undefined): Promise<PgliteDb> {
    const { PGlite } = await import('@electric-sql/pglite');
    const instance = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
    await instance.waitReady;
    return new PgliteDb(instance, true);
  }

  async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    const res = await this.pglite.query<R>(text, [...params]);
    return res.rows;
  }

  async exec(text: string): Promise<void> {
    await this.pglite.exec(text);
  }

  async close(): Promise<void> {
    if (this.owned && !this.pglite.closed) await this.pglite.close();
  }
}
