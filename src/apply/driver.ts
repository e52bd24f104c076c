// The database as the apply engine sees it: one session, simple-protocol exec for migration
// text, parameterized queries for everything the engine writes itself.

export type Row = Record<string, unknown>;

export interface Db {
  /** 'pg' for a server reached through node-postgres, 'pglite' for the embedded database. */
  readonly kind: 'pg' | 'pglite';
  /** A parameterized query (extended protocol): the only way the engine sends values. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs SQL text as is (simple protocol): migration statements, BEGIN/COMMIT. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The fields of a PostgreSQL error both drivers expose. */
export interface PgErrorFields {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
}

export function pgErrorFields(err: unknown): PgErrorFields | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & Partial<Record<'code' | 'detail' | 'hint' | 'position', unknown>>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const code = str(e.code);
  // SQLSTATEs are five characters; node errors (ECONNREFUSED …) are not database errors.
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return { code, message: e.message, detail: str(e.detail), hint: str(e.hint), position: str(e.position) };
}

export function sqlState(err: unknown): string | undefined {
  return pgErrorFields(err)?.code;
}

/** SQLSTATE 55P03 lock_not_available: raised when lock_timeout expires. */
export const LOCK_NOT_AVAILABLE = '55P03';
