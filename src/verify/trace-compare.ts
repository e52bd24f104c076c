// The static lock table (src/facts/locks.ts) against a trace: the relations its facts name,
// resolved on the database before the statement, and every difference in lock mode, rewrite and
// scan, in words. A scan leaves no trace for some statements (ATTACH PARTITION, VACUUM), so only
// a scan the table does not claim is a difference.
import type { LockFact, LockMode } from '../facts/locks.js';
import type { Row } from '../apply/driver.js';
import type { Queryable } from './snapshot.js';
import { modeRank, type HeldLock, type Relations } from './trace-observe.js';

export interface ResolvedFact {
  fact: LockFact;
  /** The pre-existing relations it stands for. */
  oids: number[];
}

/** Resolves each fact's name as the statement will (search_path), before it runs. */
export async function resolveFacts(db: Queryable, facts: readonly LockFact[], pre: Relations): Promise<ResolvedFact[]> {
  const out: ResolvedFact[] = [];
  for (const fact of facts) {
    const { schemaname, relname, kind } = fact.relation;
    const [row] = await db.query<Row>(
      schemaname ? `SELECT to_regclass(format('%I.%I', $1::text, $2::text))::oid::int AS oid` : `SELECT to_regclass(quote_ident($1::text))::oid::int AS oid`,
      schemaname ? [schemaname, relname] : [relname],
    );
    const oid = row?.oid === null || row?.oid === undefined ? undefined : Number(row.oid);
    const named = oid === undefined ? undefined : pre.byOid.get(oid);
    let oids: number[] = [];
    if (named && (kind === 'relation' || kind === 'index')) oids = [named.oid];
    else if (named && kind === 'table of index' && named.indrelid !== null && pre.byOid.has(named.indrelid)) oids = [named.indrelid];
    else if (named && kind === 'indexes of table') oids = [...pre.byOid.values()].filter((r) => r.indrelid === named.oid).map((r) => r.oid);
    out.push({ fact, oids });
  }
  return out;
}

export interface Observed {
  /** False when the locks could not be seen (a statement PGlite must run outside a transaction). */
  locksObserved: boolean;
  /**
   * The locks of one moment (a statement watched while it waited): a claimed lock it did not
   * hold then may be taken before or after; only a stronger or unlisted one is a difference.
   */
  partial: boolean;
  /** Locks the statement took (not held before it), by relation. */
  newLocks: Map<number, LockMode>;
  heldBefore: readonly HeldLock[];
  rewritten: ReadonlySet<number>;
  /** Relations validated, NOT NULL set on, or indexed by the statement (tables). */
  scanned: ReadonlySet<number>;
  /** Relations gone after the statement. */
  dropped: ReadonlySet<number>;
}

// Sequences are left out: a table's owned sequence is locked (and dropped) along with it.
const TABLE_LIKE = new Set(['r', 'p', 'm', 'f', 'v']);

export function compareWithLockTable(resolved: readonly ResolvedFact[], obs: Observed, pre: Relations, opts: { emptiesFiles: boolean }): string[] {
  const name = (oid: number) => pre.byOid.get(oid)?.name ?? `relation ${oid}`;
  const out: string[] = [];
  const expected = new Map<number, LockMode>();
  for (const { fact, oids } of resolved) {
    for (const oid of oids) {
      const prev = expected.get(oid);
      if (!prev || modeRank(fact.mode) > modeRank(prev)) expected.set(oid, fact.mode);
    }
  }
  if (obs.locksObserved) {
    const heldAtLeast = (oid: number, m: LockMode) => obs.heldBefore.some((l) => l.oid === oid && modeRank(l.mode) >= modeRank(m));
    for (const [oid, m] of expected) {
      const seen = obs.newLocks.get(oid);
      if (seen === m) continue;
      if ((seen === undefined || modeRank(seen) < modeRank(m)) && (obs.partial || heldAtLeast(oid, m))) continue;
      out.push(`lock table: ${m} on ${name(oid)}; traced: ${seen ?? 'no new lock'}`);
    }
    for (const [oid, seen] of obs.newLocks) {
      const rel = pre.byOid.get(oid);
      if (expected.has(oid) || !rel || !TABLE_LIKE.has(rel.relkind) || seen === 'ACCESS SHARE') continue;
      out.push(`traced: ${seen} on ${rel.name}, which the lock table does not list`);
    }
  }
  const claimed = new Set<number>();
  for (const { fact, oids } of resolved) {
    if (fact.relation.kind === 'table of index') continue;
    for (const oid of oids) {
      claimed.add(oid);
      if (obs.dropped.has(oid) || opts.emptiesFiles || typeof fact.rewrite !== 'boolean') continue;
      const rewritten = obs.rewritten.has(oid);
      if (fact.rewrite && !rewritten) out.push(`lock table: rewrites ${name(oid)}; traced: not rewritten`);
      if (!fact.rewrite && rewritten) out.push(`traced: ${name(oid)} rewritten (new relfilenode); lock table: no rewrite`);
      if (!fact.scan && !fact.rewrite && obs.scanned.has(oid) && fact.relation.kind === 'relation') out.push(`traced: ${name(oid)} scanned (a constraint validated or an index built); lock table: no scan`);
    }
  }
  if (!opts.emptiesFiles) {
    for (const oid of obs.rewritten) {
      const rel = pre.byOid.get(oid);
      if (rel && !claimed.has(oid) && TABLE_LIKE.has(rel.relkind)) out.push(`traced: ${rel.name} rewritten (new relfilenode), which the lock table does not list`);
    }
  }
  return out;
}
