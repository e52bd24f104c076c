// The static lock table: for one statement, the lock it takes on each relation, whether it
// rewrites or scans it, and what that blocks. Used by the lock rules and `explain`, and checked
// against real servers (test/locks.pg.test.ts, test/locks.pglite.test.ts).
//
// Only what the statement's text shows: a DROP CONSTRAINT of a foreign key also locks the
// referenced table, which only a catalog knows. ACCESS SHARE reads done by DDL (LIKE sources,
// view and materialized view queries) are not listed; reads by DML are.
import type { Node } from '@pgsql/types';
import { alterTableLocks } from './locks/alter-table.js';
import { dmlLocks } from './locks/dml.js';
import { LockCollector, relationOf, type LockFact } from './locks/fact.js';
import { lockModeFromNumber } from './locks/modes.js';
import { commentLocks, createTableLocks, dropLocks, reindexLocks, vacuumLocks } from './locks/statements.js';

export type { LockFact, LockedKind, LockedRelation, Rewrite } from './locks/fact.js';
export { relationKey } from './locks/fact.js';
export { LOCK_MODES, blocksReads, blocksWrites, conflicts, lockModeFromPgLocks, strongest, type LockMode } from './locks/modes.js';

const AE = 'ACCESS EXCLUSIVE' as const;
const SUE = 'SHARE UPDATE EXCLUSIVE' as const;

/** Relation renames: ALTER INDEX … RENAME takes SHARE UPDATE EXCLUSIVE from pg 12 on. */
const RENAMED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_RULE', 'OBJECT_POLICY']);

const RENAME_OPERATION: Record<string, string> = {
  OBJECT_COLUMN: 'RENAME COLUMN',
  OBJECT_TABCONSTRAINT: 'RENAME CONSTRAINT',
  OBJECT_TRIGGER: 'ALTER TRIGGER … RENAME',
  OBJECT_RULE: 'ALTER RULE … RENAME',
  OBJECT_POLICY: 'ALTER POLICY … RENAME',
};

export function lockOf(node: Node, pgVersion: number): LockFact[] {
  const out = new LockCollector();
  if (dmlLocks(node, out)) return out.facts();

  if ('AlterTableStmt' in node) alterTableLocks(node.AlterTableStmt, pgVersion, out);
  else if ('IndexStmt' in node) {
    const { concurrent } = node.IndexStmt;
    out.add(relationOf(node.IndexStmt.relation), { mode: concurrent ? SUE : 'SHARE', scan: true, operation: concurrent ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX' });
  } else if ('DropStmt' in node) dropLocks(node.DropStmt, out);
  else if ('ReindexStmt' in node) reindexLocks(node.ReindexStmt, out);
  else if ('CreateStmt' in node) createTableLocks(node.CreateStmt, out);
  else if ('TruncateStmt' in node) {
    // A new, empty relfilenode: nothing is copied, so not a rewrite.
    for (const r of node.TruncateStmt.relations ?? []) if ('RangeVar' in r) out.add(relationOf(r.RangeVar), { mode: AE, operation: 'TRUNCATE' });
  } else if ('RenameStmt' in node) {
    const { renameType, relation } = node.RenameStmt;
    if (renameType === 'OBJECT_INDEX') out.add(relationOf(relation, 'index'), { mode: pgVersion >= 12 ? SUE : AE, operation: 'RENAME INDEX' });
    else if (renameType && RENAMED_RELATIONS.has(renameType)) out.add(relationOf(relation), { mode: AE, operation: RENAME_OPERATION[renameType] ?? 'RENAME TO' });
  } else if ('AlterObjectSchemaStmt' in node) {
    const { relation, objectType } = node.AlterObjectSchemaStmt;
    out.add(relationOf(relation, objectType === 'OBJECT_INDEX' ? 'index' : 'relation'), { mode: AE, operation: 'SET SCHEMA' });
  } else if ('VacuumStmt' in node) vacuumLocks(node.VacuumStmt, out);
  else if ('ClusterStmt' in node) {
    out.add(relationOf(node.ClusterStmt.relation), { mode: AE, rewrite: true, scan: true, operation: 'CLUSTER' });
  } else if ('RefreshMatViewStmt' in node) {
    const { concurrent, skipData, relation } = node.RefreshMatViewStmt;
    // CONCURRENTLY computes a diff and applies it in place (EXCLUSIVE: reads go on).
    if (concurrent) out.add(relationOf(relation), { mode: 'EXCLUSIVE', scan: true, operation: 'REFRESH MATERIALIZED VIEW CONCURRENTLY' });
    else out.add(relationOf(relation), { mode: AE, rewrite: true, scan: !skipData, operation: 'REFRESH MATERIALIZED VIEW' });
  } else if ('CreateTrigStmt' in node) {
    out.add(relationOf(node.CreateTrigStmt.relation), { mode: 'SHARE ROW EXCLUSIVE', operation: 'CREATE TRIGGER' });
  } else if ('CreatePolicyStmt' in node || 'AlterPolicyStmt' in node || 'RuleStmt' in node) {
    const relation = 'CreatePolicyStmt' in node ? node.CreatePolicyStmt.table : 'AlterPolicyStmt' in node ? node.AlterPolicyStmt.table : node.RuleStmt.relation;
    out.add(relationOf(relation), { mode: AE, operation: 'CreatePolicyStmt' in node ? 'CREATE POLICY' : 'AlterPolicyStmt' in node ? 'ALTER POLICY' : 'CREATE RULE' });
  } else if ('CreateStatsStmt' in node) {
    for (const r of node.CreateStatsStmt.relations ?? []) if ('RangeVar' in r) out.add(relationOf(r.RangeVar), { mode: SUE, operation: 'CREATE STATISTICS' });
  } else if ('CommentStmt' in node) commentLocks(node.CommentStmt, out);
  else if ('LockStmt' in node) {
    const mode = lockModeFromNumber(node.LockStmt.mode);
    for (const r of node.LockStmt.relations ?? []) if ('RangeVar' in r) out.add(relationOf(r.RangeVar), { mode, operation: 'LOCK TABLE' });
  }
  // GRANT, ALTER TYPE … ADD VALUE, CREATE VIEW/FUNCTION/TYPE … take no lock that blocks a table.
  return out.facts();
}
