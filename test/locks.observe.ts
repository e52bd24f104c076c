// Compares what lockOf claims with what a server does: pg_locks for the backend (strongest mode
// per pre-existing relation) and pg_class.relfilenode before/after (rewrites).
import { parseSync } from '../src/pg-parser.js';
import type { Node } from '@pgsql/types';
import { LOCK_MODES, lockModeFromPgLocks, lockOf, strongest, type LockFact, type LockMode } from '../src/facts/locks.js';
import { expect } from 'vitest';
import type { LockCase } from './locks.cases.js';

export type Row = Record<string, unknown>;
export type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;

interface Rel {
  oid: number;
  relname: string;
  relkind: string;
  relfilenode: number;
  /** For an index: its table's oid. */
  indrelid: number | null;
}

export interface Catalog {
  byName: Map<string, Rel>;
  byOid: Map<number, Rel>;
}

export async function catalog(query: Query): Promise<Catalog> {
  const rows = await query(
    `SELECT c.oid::int AS oid, c.relname, c.relkind::text AS relkind, c.relfilenode::int AS relfilenode, i.indrelid::int AS indrelid
       FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace`,
  );
  const rels = rows as unknown as Rel[];
  return { byName: new Map(rels.map((r) => [r.relname, r])), byOid: new Map(rels.map((r) => [r.oid, r])) };
}

export interface HeldLock {
  oid: number;
  mode: string;
}

/** Relation locks `pid` holds or waits for in the current database (default: this backend). */
export async function relationLocks(query: Query, pid?: number): Promise<HeldLock[]> {
  const who = pid === undefined ? 'pg_backend_pid()' : String(Number(pid));
  return (await query(
    `SELECT relation::int AS oid, mode FROM pg_locks
      WHERE pid = ${who} AND locktype = 'relation' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  )) as unknown as HeldLock[];
}

export async function serverMajor(query: Query): Promise<number> {
  const [row] = await query(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
  return Number(row?.major);
}

export function factsFor(sql: string, pgVersion: number): LockFact[] {
  const stmt = parseSync(sql).stmts?.[0]?.stmt as Node | undefined;
  if (!stmt) throw new Error(`does not parse to a statement: ${sql}`);
  return lockOf(stmt, pgVersion);
}

const TABLE_LIKE = new Set(['r', 'p', 'm', 'v', 'f', 'S']);

/** The pre-existing relations a fact stands for. */
function resolve(fact: LockFact, cat: Catalog): Rel[] {
  const named = cat.byName.get(fact.relation.relname);
  if (!named) return [];
  switch (fact.relation.kind) {
    case 'relation':
    case 'index':
      return [named];
    case 'table of index':
      return named.indrelid === null ? [] : [cat.byOid.get(named.indrelid)].filter((r): r is Rel => r !== undefined);
    case 'indexes of table':
      return [...cat.byOid.values()].filter((r) => r.indrelid === named.oid);
  }
}

/** relname → strongest mode: what lockOf claims, plus the case's documented beyond-text locks. */
export function expectedLocks(c: LockCase, facts: readonly LockFact[], cat: Catalog): Record<string, LockMode> {
  const out: Record<string, LockMode> = { ...c.beyondText };
  for (const fact of facts) {
    for (const rel of resolve(fact, cat)) out[rel.relname] = out[rel.relname] ? strongest(out[rel.relname], fact.mode) : fact.mode;
  }
  return out;
}

/**
 * relname → strongest mode the server took, on pre-existing relations: every one lockOf names, and
 * any other table-like relation locked above ACCESS SHARE (a read lockOf does not model is fine;
 * indexes locked along with their table are not compared).
 */
export function observedLocks(locks: readonly HeldLock[], before: Catalog, expected: Record<string, LockMode>): Record<string, LockMode> {
  const strongestByOid = new Map<number, LockMode>();
  for (const lock of locks) {
    const mode = lockModeFromPgLocks(lock.mode);
    if (!mode || !before.byOid.has(lock.oid)) continue;
    const prev = strongestByOid.get(lock.oid);
    strongestByOid.set(lock.oid, prev ? strongest(prev, mode) : mode);
  }
  const out: Record<string, LockMode> = {};
  for (const [oid, mode] of strongestByOid) {
    const rel = before.byOid.get(oid) as Rel;
    const unexpectedTable = TABLE_LIKE.has(rel.relkind) && mode !== LOCK_MODES[0];
    if (rel.relname in expected || unexpectedTable) out[rel.relname] = mode;
  }
  return out;
}

/** relname → whether its relfilenode must change, for every relation a rewrite claim covers. */
export function expectedRewrites(c: LockCase, facts: readonly LockFact[], cat: Catalog): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const fact of facts) {
    if (fact.relation.kind === 'table of index') continue;
    let rewrites: boolean;
    if (typeof fact.rewrite === 'boolean') rewrites = fact.rewrite || c.newEmptyFile === true;
    else if (c.rewrites !== undefined) rewrites = c.rewrites;
    else throw new Error(`"${c.sql}": the claim is '${fact.rewrite}'; the case must say whether it rewrites (rewrites: true/false)`);
    for (const rel of resolve(fact, cat)) out[rel.relname] = rewrites;
  }
  return out;
}

/** relname → whether its relfilenode changed; relations gone by name (dropped, renamed) are left out. */
export function observedRewrites(before: Catalog, after: Catalog, names: readonly string[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const name of names) {
    const a = before.byName.get(name);
    const b = after.byName.get(name);
    if (a && b) out[name] = a.relfilenode !== b.relfilenode;
  }
  return out;
}

export function withoutGone(expected: Record<string, boolean>, observed: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(expected).filter(([name]) => name in observed));
}

/**
 * Runs a case inside BEGIN … ROLLBACK on one session and asserts that the locks it holds and the
 * relations it rewrites are exactly what the static lock table says.
 */
export async function assertCaseInTransaction(c: LockCase, exec: (sql: string) => Promise<unknown>, query: Query, pgVersion: number): Promise<void> {
  const facts = factsFor(c.sql, pgVersion);
  const before = await catalog(query);
  await exec('BEGIN');
  try {
    await exec(c.sql);
    const locks = await relationLocks(query);
    const after = await catalog(query);
    const expected = expectedLocks(c, facts, before);
    expect(observedLocks(locks, before, expected)).toEqual(expected);
    const rewrites = expectedRewrites(c, facts, before);
    const observed = observedRewrites(before, after, Object.keys(rewrites));
    expect(observed).toEqual(withoutGone(rewrites, observed));
  } finally {
    await exec('ROLLBACK');
  }
}
