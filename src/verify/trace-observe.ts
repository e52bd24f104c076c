// What a statement did to the relations that existed before its migration, read from the
// catalogs and pg_locks: locks (per backend), new relfilenodes (rewrites), constraints that
// became valid, NOT NULL set, indexes built.
import type { Row } from '../apply/driver.js';
import { LOCK_MODES, lockModeFromPgLocks, strongest, type LockMode } from '../facts/locks.js';
import type { Queryable } from './snapshot.js';

export interface Relation {
  oid: number;
  /** schema.name, quoted where needed. */
  name: string;
  relkind: string;
  relfilenode: number;
  /** For an index: its table's oid. */
  indrelid: number | null;
}

export interface Relations {
  byOid: Map<number, Relation>;
}

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

export async function relations(db: Queryable): Promise<Relations> {
  const rows = await db.query<Row>(
    `SELECT c.oid::int AS oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS relkind,
            c.relfilenode::int AS relfilenode, i.indrelid::int AS indrelid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relkind IN ('r', 'p', 'm', 'v', 'f', 'S', 'i', 'I') AND ${USER_NS}`,
  );
  const byOid = new Map<number, Relation>();
  for (const r of rows) {
    byOid.set(Number(r.oid), { oid: Number(r.oid), name: String(r.name), relkind: String(r.relkind), relfilenode: Number(r.relfilenode), indrelid: r.indrelid === null ? null : Number(r.indrelid) });
  }
  return { byOid };
}

export interface HeldLock {
  oid: number;
  mode: LockMode;
  granted: boolean;
}

/** Relation locks held or awaited by `pid` (default: this session) in this database. */
export async function relationLocks(db: Queryable, pid?: number): Promise<HeldLock[]> {
  const rows = await db.query<Row>(
    `SELECT relation::int AS oid, mode, granted FROM pg_locks
      WHERE pid = ${pid === undefined ? 'pg_backend_pid()' : '$1::int'} AND locktype = 'relation'
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    pid === undefined ? [] : [pid],
  );
  const out: HeldLock[] = [];
  for (const r of rows) {
    const mode = lockModeFromPgLocks(String(r.mode));
    if (mode) out.push({ oid: Number(r.oid), mode, granted: r.granted === true });
  }
  return out;
}

/** oid → the strongest mode among `locks`. */
export function strongestByRelation(locks: readonly HeldLock[]): Map<number, LockMode> {
  const out = new Map<number, LockMode>();
  for (const l of locks) out.set(l.oid, out.has(l.oid) ? strongest(out.get(l.oid)!, l.mode) : l.mode);
  return out;
}

/** The locks in `after` that `before` did not hold (the same relation in another mode counts). */
export function newLocks(before: readonly HeldLock[], after: readonly HeldLock[]): HeldLock[] {
  const had = new Set(before.map((l) => `${l.oid} ${l.mode}`));
  return after.filter((l) => !had.has(`${l.oid} ${l.mode}`));
}

export const modeRank = (m: LockMode): number => LOCK_MODES.indexOf(m);

/**
 * Validation state: constraints by oid (NOT NULL ones are the columns'), columns by
 * `attrelid attnum` with their NOT NULL, indexes (oid → table oid).
 */
export interface Checks {
  constraints: Map<string, { table: number; validated: boolean; type: string }>;
  columns: Map<string, { table: number; name: string; notNull: boolean }>;
  indexes: Map<number, number>;
}

export async function checks(db: Queryable): Promise<Checks> {
  const cons = await db.query<Row>(
    `SELECT con.oid::int AS oid, con.conrelid::int AS tbl, format('%I.%I', n.nspname, con.conname) AS name, con.contype::text AS type, con.convalidated AS validated
       FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.conrelid <> 0 AND con.contype IN ('c', 'f', 'p', 'u', 'x') AND ${USER_NS}`,
  );
  const cols = await db.query<Row>(
    `SELECT a.attrelid::int AS tbl, a.attnum::int AS num, format('%I.%I.%I', n.nspname, c.relname, a.attname) AS name, a.attnotnull AS not_null
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND ${USER_NS}`,
  );
  const idx = await db.query<Row>(
    `SELECT i.indexrelid::int AS oid, i.indrelid::int AS tbl FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_NS}`,
  );
  return {
    constraints: new Map(cons.map((r) => [`${r.oid}`, { table: Number(r.tbl), validated: r.validated === true, type: String(r.type) }])),
    columns: new Map(cols.map((r) => [`${r.tbl} ${r.num}`, { table: Number(r.tbl), name: String(r.name), notNull: r.not_null === true }])),
    indexes: new Map(idx.map((r) => [Number(r.oid), Number(r.tbl)])),
  };
}

/** Constraint names (by oid key) keyed for display, from a second query: only for those that changed. */
export async function constraintNames(db: Queryable, oids: readonly string[]): Promise<Map<string, string>> {
  if (oids.length === 0) return new Map();
  const rows = await db.query<Row>(
    `SELECT con.oid::int AS oid, format('%I.%I', c.relname, con.conname) AS name, con.contype::text AS type
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE con.oid = ANY ($1::int[])`,
    [oids.map(Number)],
  );
  return new Map(rows.map((r) => [String(r.oid), `${r.name}${r.type === 'f' ? ' (foreign key)' : r.type === 'c' ? ' (check)' : ''}`]));
}
