// What must hold after any interruption of apply, read from the database itself: each
// transactional migration is there whole or not at all, exactly as its history says; a
// statement-by-statement one holds the statements its history row counts (the one in flight
// may or may not have taken effect); migrations are applied in order, none twice; no index is
// left INVALID; and the migration lock is free.
import type pg from 'pg';
import { advisoryLockHalves, advisoryLockKey } from '../../src/apply/lock.js';
import type { Effect, GenMigration } from './kill-set.js';

interface HistoryRow {
  version: string;
  status: string;
  execution_mode: string;
  statements_done: number;
  statements_total: number;
}

export interface DbState {
  rows: HistoryRow[];
  tables: Set<string>;
  columns: Set<string>;
  indexes: Map<string, boolean>;
  effectRows: Map<string, number>;
}

export async function readState(c: pg.Client): Promise<DbState> {
  const exists = async (name: string) => (await c.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [name])).rows[0]?.r != null;
  const rows = (await exists('public.migrationlint_history'))
    ? (await c.query<HistoryRow>('SELECT version, status, execution_mode, statements_done, statements_total FROM public.migrationlint_history ORDER BY id')).rows
    : [];
  const tables = new Set(
    (await c.query<{ t: string }>("SELECT relname::text AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")).rows.map((r) => r.t),
  );
  const columns = new Set(
    (
      await c.query<{ c: string }>(
        "SELECT a.attrelid::regclass::text || '.' || a.attname AS c FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid WHERE t.relnamespace = 'public'::regnamespace AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
      )
    ).rows.map((r) => r.c),
  );
  const indexes = new Map(
    (
      await c.query<{ i: string; valid: boolean }>(
        "SELECT c.relname::text AS i, x.indisvalid AS valid FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE c.relnamespace = 'public'::regnamespace",
      )
    ).rows.map((r) => [r.i, r.valid]),
  );
  const effectRows = tables.has('effects')
    ? new Map((await c.query<{ v: string; n: number }>('SELECT version AS v, count(*)::int AS n FROM effects GROUP BY version')).rows.map((r) => [r.v, r.n]))
    : new Map<string, number>();
  return { rows, tables, columns, indexes, effectRows };
}

function present(s: DbState, e: Effect): boolean {
  switch (e.kind) {
    case 'table':
      return s.tables.has(e.table);
    case 'column':
      return s.columns.has(`${e.table}.${e.column}`);
    case 'index':
      return s.indexes.has(e.index);
    case 'row':
      return (s.effectRows.get(e.version) ?? 0) > 0;
  }
}

/** Every broken invariant, as a sentence; [] when the database matches its history. */
export function violations(set: readonly GenMigration[], s: DbState): string[] {
  const out: string[] = [];
  let firstUnapplied = -1;
  set.forEach((m, i) => {
    const rows = s.rows.filter((r) => r.version === m.version);
    const applied = rows.filter((r) => r.status === 'applied').length;
    if (applied > 1) out.push(`${m.version}: applied ${applied} times`);
    if ((s.effectRows.get(m.version) ?? 0) > 1) out.push(`${m.version}: its effects row was inserted ${s.effectRows.get(m.version)} times`);
    const last = rows.at(-1);
    const effects = m.statements.map((st) => st.effect);
    const check = (k: number, want: boolean | 'either') => {
      const e = effects[k];
      if (!e || want === 'either') return;
      if (present(s, e) !== want) out.push(`${m.version} statement ${k + 1} (${e.kind}): ${want ? 'missing' : 'present'} although the history says ${last ? `${last.status} with ${last.statements_done} done` : 'nothing'}`);
    };
    if (m.transactional) {
      for (const r of rows) if (r.status !== 'applied') out.push(`${m.version}: unexpected ${r.status} row`);
      effects.forEach((_, k) => check(k, applied > 0));
    } else if (!last) {
      effects.forEach((_, k) => check(k, false));
    } else if (last.status === 'applied') {
      if (last.statements_done !== last.statements_total) out.push(`${m.version}: applied with ${last.statements_done}/${last.statements_total} statements done`);
      effects.forEach((_, k) => check(k, true));
    } else {
      const done = last.statements_done;
      effects.forEach((_, k) => check(k, k < done ? true : k === done ? 'either' : false));
    }
    const isApplied = last?.status === 'applied';
    if (!isApplied && firstUnapplied < 0) firstUnapplied = i;
    if (isApplied && firstUnapplied >= 0) out.push(`${m.version} is applied but ${set[firstUnapplied]!.version} before it is not`);
    if (last && last.status === 'failed' && i !== firstUnapplied) out.push(`${m.version}: a failed row after the first pending migration`);
  });
  for (const [index, valid] of s.indexes) if (!valid) out.push(`index ${index} is INVALID`);
  return out;
}

/** Sessions of migrationlint still connected to the database (a killed run's last statement). */
export async function leftoverSessions(admin: pg.Client, database: string): Promise<number> {
  const r = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'migrationlint%'", [database]);
  return r.rows[0]?.n ?? 0;
}

/** Whether any session holds the advisory lock of the default history table in `database`. */
export async function lockHeld(admin: pg.Client, database: string): Promise<boolean> {
  const { classid, objid } = advisoryLockHalves(advisoryLockKey('public.migrationlint_history'));
  const r = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $1::bigint::oid AND objid = $2::bigint::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = $3)`,
    [classid, objid, database],
  );
  return (r.rows[0]?.n ?? 0) > 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` holds or `seconds` pass; returns whether it held. */
export async function eventually(done: () => Promise<boolean>, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
}
