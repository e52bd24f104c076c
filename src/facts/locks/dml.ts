// INSERT / UPDATE / DELETE / MERGE / SELECT / COPY: ROW EXCLUSIVE on the written table,
// ROW SHARE on rows locked FOR UPDATE/SHARE, ACCESS SHARE on every other table read.
import type { Node, RangeVar } from '@pgsql/types';
import { relationOf, type LockCollector } from './fact.js';
import type { LockMode } from './modes.js';

/** Every RangeVar the statement reads (FROM, JOIN, USING, subqueries), CTE names excluded. */
function readRelations(node: unknown): RangeVar[] {
  const ctes = new Set<string>();
  const found: RangeVar[] = [];
  collectRelations(node, ctes, found);
  return found.filter((rv) => rv.schemaname || !ctes.has(rv.relname ?? ''));
}

// Runs on every DML statement: a plain recursion over the keys in order, allocating nothing on the way.
function collectRelations(value: unknown, ctes: Set<string>, found: RangeVar[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) collectRelations(item, ctes, found);
    return;
  }
  const record = value as Record<string, unknown>;
  const cte = record.CommonTableExpr as { ctename?: string } | undefined;
  if (cte?.ctename) ctes.add(cte.ctename);
  const rv = record.RangeVar as RangeVar | undefined;
  if (rv) found.push(rv);
  for (const key in record) {
    // A SELECT … INTO's target and a locking clause's names are not reads of their own.
    if (key !== 'intoClause' && key !== 'lockedRels') collectRelations(record[key], ctes, found);
  }
}

function addReads(node: unknown, out: LockCollector, mode: LockMode = 'ACCESS SHARE'): void {
  for (const rv of readRelations(node)) out.add(relationOf(rv), { mode, operation: 'read' });
}

export function dmlLocks(node: Node, out: LockCollector): boolean {
  if ('InsertStmt' in node) {
    const { relation, ...rest } = node.InsertStmt;
    out.add(relationOf(relation), { mode: 'ROW EXCLUSIVE', operation: 'INSERT' });
    addReads(rest, out);
  } else if ('UpdateStmt' in node) {
    const { relation, ...rest } = node.UpdateStmt;
    out.add(relationOf(relation), { mode: 'ROW EXCLUSIVE', scan: !rest.whereClause, operation: 'UPDATE' });
    addReads(rest, out);
  } else if ('DeleteStmt' in node) {
    const { relation, ...rest } = node.DeleteStmt;
    out.add(relationOf(relation), { mode: 'ROW EXCLUSIVE', scan: !rest.whereClause, operation: 'DELETE' });
    addReads(rest, out);
  } else if ('MergeStmt' in node) {
    const { relation, ...rest } = node.MergeStmt;
    out.add(relationOf(relation), { mode: 'ROW EXCLUSIVE', operation: 'MERGE' });
    addReads(rest, out);
  } else if ('CopyStmt' in node) {
    const copy = node.CopyStmt;
    if (copy.relation) out.add(relationOf(copy.relation), { mode: copy.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE', operation: copy.is_from ? 'COPY FROM' : 'COPY TO' });
    addReads(copy.query, out);
  } else if ('SelectStmt' in node) {
    selectLocks(node, out);
  } else {
    return false;
  }
  return true;
}

function selectLocks(node: Extract<Node, { SelectStmt: unknown }>, out: LockCollector): void {
  const locking = (node.SelectStmt.lockingClause ?? []).flatMap((c) => ('LockingClause' in c ? [c.LockingClause] : []));
  if (locking.length > 0) {
    const named = locking.flatMap((c) => readRelations(c.lockedRels));
    // FOR UPDATE without OF locks rows of every table in FROM.
    const all = locking.some((c) => (c.lockedRels ?? []).length === 0);
    const lockedNames = new Set(named.map((rv) => rv.relname));
    for (const rv of readRelations(node.SelectStmt.fromClause)) {
      if (all || lockedNames.has(rv.relname)) out.add(relationOf(rv), { mode: 'ROW SHARE', operation: 'SELECT FOR UPDATE/SHARE' });
    }
  }
  addReads(node, out);
}
