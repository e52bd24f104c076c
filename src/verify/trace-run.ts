// Runs one section statement by statement, in the transaction mode it really gets, and records
// per statement what it did to the relations that existed before the migration. A statement
// that may run in a transaction but would run alone (autocommit) is wrapped in BEGIN … COMMIT
// to read its locks before they are released; one that cannot run in a transaction is watched
// from a second session on a server (PGlite has one session: its locks are not observable).
import type { AnalysedStatement, SectionAnalysis } from '../lint.js';
import { lockOf, type LockFact, type LockMode } from '../facts/locks.js';
import { relationLabel } from '../facts/locks/existing.js';
import { errorFields, describePgError } from './run-section.js';
import type { Throwaway } from './throwaway.js';
import { compareWithLockTable, resolveFacts } from './trace-compare.js';
import { checks, type Checks, constraintNames, type HeldLock, newLocks, relationLocks, relations, type Relations, strongestByRelation } from './trace-observe.js';

export type Observation = 'in-transaction' | 'concurrent' | 'not-observable';

export interface TracedStatement {
  index: number;
  observation: Observation;
  durationMs: number;
  /** Locks taken on relations that existed before the migration (unset when not observable). */
  locks?: Array<{ relation: string; mode: LockMode; granted: boolean }>;
  rewritten: string[];
  validated: string[];
  indexesBuilt: string[];
  /** The static lock table's claim, in words. */
  lockTable: string;
  differences: string[];
  error?: string;
}

export function describeFacts(facts: readonly LockFact[]): string {
  if (facts.length === 0) return 'no table lock';
  return [...new Set(facts.map((f) => `${f.mode} on ${relationLabel(f.relation)}${f.rewrite === true ? ' (rewrite)' : ''}`))].join('; ');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `text` while a second session holds a snapshot and ACCESS SHARE on every table, so it waits; reads its locks then. */
async function observeConcurrently(t: Throwaway, text: string, pre: Relations): Promise<{ locks?: HeldLock[]; error?: unknown }> {
  const observer = await t.openObserver!();
  const db = t.db;
  try {
    const [me] = await db.query<{ pid: number }>('SELECT pg_backend_pid()::int AS pid');
    // LOCK TABLE takes tables (partitions through their parent), not materialized views.
    const tables = [...pre.byOid.values()].filter((r) => r.relkind === 'r' || r.relkind === 'p').map((r) => r.name);
    await observer.exec('BEGIN ISOLATION LEVEL REPEATABLE READ');
    if (tables.length > 0) await observer.exec(`LOCK TABLE ${tables.join(', ')} IN ACCESS SHARE MODE`);
    await observer.query('SELECT 1');
    let settled = false;
    let error: unknown;
    const running = db.exec(text).then(
      () => {
        settled = true;
      },
      (e: unknown) => {
        settled = true;
        error = e;
      },
    );
    let locks: HeldLock[] | undefined;
    const deadline = Date.now() + 60_000;
    while (!settled && Date.now() < deadline) {
      const [w] = await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1::int AND NOT granted', [me!.pid]);
      if (Number(w?.n) > 0) {
        locks = await relationLocks(observer, me!.pid);
        break;
      }
      await sleep(10);
    }
    await observer.exec('COMMIT');
    await running;
    return { ...(locks ? { locks } : {}), ...(error !== undefined ? { error } : {}) };
  } finally {
    await observer.close();
  }
}

function isTransactionControl(s: AnalysedStatement): boolean {
  return s.tag === 'TransactionStmt';
}

/** A statement that adds a validated constraint without scanning for it. */
function addsImpliedConstraint(s: AnalysedStatement): boolean {
  // DETACH PARTITION … CONCURRENTLY copies the partition bound into a CHECK constraint.
  if (!('AlterTableStmt' in s.node)) return false;
  return (s.node.AlterTableStmt.cmds ?? []).some((c) => 'AlterTableCmd' in c && c.AlterTableCmd.subtype === 'AT_DetachPartition' && 'PartitionCmd' in (c.AlterTableCmd.def ?? {}));
}

function changes(pre: Relations, before: Relations, after: Relations, c0: Checks, c1: Checks, impliedConstraints: boolean) {
  const rewritten = new Set<number>();
  const dropped = new Set<number>();
  const afterByName = new Map([...after.byOid.values()].map((r) => [r.name, r]));
  for (const oid of pre.byOid.keys()) {
    const a = before.byOid.get(oid);
    const b = after.byOid.get(oid);
    // REINDEX CONCURRENTLY builds a new index and gives it the old one's name.
    const replaced = a && !b ? afterByName.get(a.name) : undefined;
    if (a && !b && !replaced) dropped.add(oid);
    if (a && ((b && a.relfilenode !== b.relfilenode && b.relfilenode !== 0) || replaced)) rewritten.add(oid);
  }
  const scanned = new Set<number>();
  const validated: string[] = [];
  for (const [key, con] of c1.constraints) {
    const old = c0.constraints.get(key);
    if (!pre.byOid.has(con.table) || !con.validated || old?.validated) continue;
    if (con.type === 'p' || con.type === 'u' || con.type === 'x' || impliedConstraints) continue;
    scanned.add(con.table);
    validated.push(key);
  }
  // SET NOT NULL on a column that was there (a new column's NOT NULL checks nothing old).
  for (const [key, col] of c1.columns) {
    if (col.notNull && c0.columns.get(key)?.notNull === false && pre.byOid.has(col.table)) {
      scanned.add(col.table);
      validated.push(`NOT NULL ${col.name}`);
    }
  }
  const indexesBuilt: number[] = [];
  for (const [oid, table] of c1.indexes) {
    if (!c0.indexes.has(oid) && pre.byOid.has(table)) {
      scanned.add(table);
      indexesBuilt.push(oid);
    }
  }
  return { rewritten, dropped, scanned, validated, indexesBuilt };
}

export interface SectionTrace {
  statements: TracedStatement[];
  /** The statement that failed, if one did (the trace stops there). */
  failed?: { statement: number; error: string };
}

export async function traceSection(t: Throwaway, section: SectionAnalysis, pre: Relations): Promise<SectionTrace> {
  const out: TracedStatement[] = [];
  const db = () => t.db;
  if (section.transaction === 'wrapped') await db().exec('BEGIN');
  for (const s of section.statements) {
    const facts = s.tag === 'DoStmt' ? s.locks : lockOf(s.node, t.major);
    const resolved = await resolveFacts(db(), facts, pre);
    const before = await relations(db());
    const c0 = await checks(db());
    const concurrent = s.mustRunOutsideTransaction;
    const observation: Observation = concurrent ? (t.openObserver ? 'concurrent' : 'not-observable') : 'in-transaction';
    const wrap = !concurrent && !s.inTransaction && !isTransactionControl(s);
    if (wrap) await db().exec('BEGIN');
    const locks0 = observation === 'in-transaction' ? await relationLocks(db()) : [];
    const t0 = performance.now();
    let seen: HeldLock[] | undefined;
    let error: unknown;
    // Watched from a second session, a statement's time includes the wait that session makes it do.
    let durationMs: number;
    if (observation === 'concurrent') {
      const r = await observeConcurrently(t, s.text, pre);
      durationMs = performance.now() - t0;
      seen = r.locks;
      error = r.error;
    } else {
      try {
        await db().exec(s.text);
      } catch (e) {
        error = e;
      }
      durationMs = performance.now() - t0;
      if (error === undefined && observation === 'in-transaction') seen = await relationLocks(db());
    }
    if (error !== undefined) {
      await db().exec('ROLLBACK').catch(() => undefined);
      const message = describePgError(errorFields(error));
      out.push({ index: s.index, observation, durationMs, rewritten: [], validated: [], indexesBuilt: [], lockTable: describeFacts(facts), differences: [], error: message });
      return { statements: out, failed: { statement: s.index, error: message } };
    }
    const fresh = seen ? (observation === 'in-transaction' ? newLocks(locks0, seen) : seen) : undefined;
    const after = await relations(db());
    const c1 = await checks(db());
    if (wrap) await db().exec('COMMIT');
    const ch = changes(pre, before, after, c0, c1, addsImpliedConstraint(s));
    const onPre = (fresh ?? []).filter((l) => pre.byOid.has(l.oid));
    const differences = compareWithLockTable(
      resolved,
      { locksObserved: fresh !== undefined, partial: observation === 'concurrent', newLocks: strongestByRelation(onPre), heldBefore: locks0, rewritten: ch.rewritten, scanned: ch.scanned, dropped: ch.dropped },
      pre,
      { emptiesFiles: s.tag === 'TruncateStmt' },
    );
    const name = (oid: number) => pre.byOid.get(oid)?.name ?? after.byOid.get(oid)?.name ?? String(oid);
    const labels = await constraintNames(db(), ch.validated.filter((k) => !k.startsWith('NOT NULL')));
    out.push({
      index: s.index,
      observation: fresh === undefined && observation === 'concurrent' ? 'not-observable' : observation,
      durationMs,
      ...(fresh !== undefined ? { locks: [...strongestByRelation(onPre)].map(([oid, mode]) => ({ relation: name(oid), mode, granted: onPre.some((l) => l.oid === oid && l.mode === mode && l.granted) })) } : {}),
      rewritten: [...ch.rewritten].map(name).sort(),
      validated: ch.validated.map((k) => labels.get(k) ?? k),
      indexesBuilt: ch.indexesBuilt.map((oid) => after.byOid.get(oid)?.name ?? String(oid)).sort(),
      lockTable: describeFacts(facts),
      differences,
    });
  }
  if (section.transaction === 'wrapped') await db().exec('COMMIT');
  return { statements: out };
}
