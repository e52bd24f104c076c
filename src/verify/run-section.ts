// Runs a migration section's statements on a throwaway database, as they are written (original
// text, simple protocol), and says which statement failed with which PostgreSQL error.
import type { Db } from '../apply/driver.js';
import { pgErrorFields, type PgErrorFields } from '../apply/driver.js';
import type { TransactionMode } from '../types.js';

export interface SectionStatement {
  text: string;
}

export interface StatementFailure {
  /** Index of the failing statement in the section. */
  statement: number;
  error: PgErrorFields;
}

export type RunResult = { ok: true } | ({ ok: false } & StatementFailure);

export function errorFields(err: unknown): PgErrorFields {
  return pgErrorFields(err) ?? { message: err instanceof Error ? err.message : String(err) };
}

/** Each statement in turn; stops at the first that fails (the caller owns any transaction). */
export async function runStatements(db: Db, statements: readonly SectionStatement[]): Promise<RunResult> {
  for (const [i, s] of statements.entries()) {
    try {
      await db.exec(s.text);
    } catch (err) {
      return { ok: false, statement: i, error: errorFields(err) };
    }
  }
  return { ok: true };
}

/**
 * In the transaction mode the section really gets: 'wrapped' in one BEGIN … COMMIT (rolled back
 * on failure); 'none' and 'explicit' statement by statement, with the file's own BEGIN/COMMIT. A
 * failure inside an explicit block is rolled back, as the apply engine does.
 */
export async function runSection(db: Db, statements: readonly SectionStatement[], mode: TransactionMode): Promise<RunResult> {
  if (mode === 'wrapped') {
    await db.exec('BEGIN');
    const res = await runStatements(db, statements);
    if (res.ok) {
      try {
        await db.exec('COMMIT');
      } catch (err) {
        // Deferred constraints are checked at COMMIT: the failure belongs to the last statement.
        return { ok: false, statement: Math.max(0, statements.length - 1), error: errorFields(err) };
      }
    } else await db.exec('ROLLBACK');
    return res;
  }
  const res = await runStatements(db, statements);
  // Outside a transaction block ROLLBACK only warns.
  if (!res.ok) await db.exec('ROLLBACK').catch(() => undefined);
  return res;
}

/** "message (SQLSTATE x) — detail — hint: …" */
export function describePgError(e: PgErrorFields): string {
  let s = e.message;
  if (e.code) s += ` (SQLSTATE ${e.code})`;
  if (e.detail) s += ` — ${e.detail}`;
  if (e.hint) s += ` — hint: ${e.hint}`;
  return s;
}
