// Every statement kind but ALTER TABLE and DML: the lock it takes on which relation.
import type { CommentStmt, CreateStmt, DropStmt, Node, ReindexStmt, VacuumStmt } from '@pgsql/types';
import { relationFromNames, relationOf, type LockCollector, type LockedKind } from './fact.js';
import type { LockMode } from './modes.js';
import { hasOption } from './options.js';
import { stringValues } from '../node-lists.js';

const AE: LockMode = 'ACCESS EXCLUSIVE';
const SUE: LockMode = 'SHARE UPDATE EXCLUSIVE';

const listNames = (object: Node): string[] => ('List' in object ? stringValues(object.List.items) : 'String' in object && object.String.sval ? [object.String.sval] : []);

/** Relations whose DROP takes ACCESS EXCLUSIVE on the relation itself. */
const DROPPED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE']);

/** Objects that live on a table (`DROP TRIGGER t ON tbl`): dropping them locks the table. */
const TABLE_MEMBERS = new Set(['OBJECT_TRIGGER', 'OBJECT_RULE', 'OBJECT_POLICY']);

export function dropLocks(stmt: DropStmt, out: LockCollector): void {
  const type = stmt.removeType ?? '';
  for (const object of stmt.objects ?? []) {
    const names = listNames(object);
    if (type === 'OBJECT_INDEX') {
      const mode = stmt.concurrent ? SUE : AE;
      const operation = stmt.concurrent ? 'DROP INDEX CONCURRENTLY' : 'DROP INDEX';
      out.add(relationFromNames(names, 'index'), { mode, operation });
      out.add(relationFromNames(names, 'table of index'), { mode, operation });
    } else if (DROPPED_RELATIONS.has(type)) {
      out.add(relationFromNames(names), { mode: AE, operation: `DROP ${objectWord(type)}` });
    } else if (TABLE_MEMBERS.has(type)) {
      out.add(relationFromNames(names.slice(0, -1)), { mode: AE, operation: `DROP ${objectWord(type)}` });
    }
  }
}

export function reindexLocks(stmt: ReindexStmt, out: LockCollector): void {
  const concurrently = hasOption(stmt.params, 'concurrently');
  const operation = concurrently ? 'REINDEX CONCURRENTLY' : 'REINDEX';
  // REINDEX blocks writes to the table (SHARE) and, through ACCESS EXCLUSIVE on each index,
  // every query that plans with it; CONCURRENTLY builds new indexes beside the old ones.
  const onTable: LockMode = concurrently ? SUE : 'SHARE';
  const onIndex: LockMode = concurrently ? SUE : AE;
  if (stmt.kind === 'REINDEX_OBJECT_INDEX') {
    out.add(relationOf(stmt.relation, 'table of index'), { mode: onTable, operation });
    out.add(relationOf(stmt.relation, 'index'), { mode: onIndex, rewrite: true, scan: true, operation });
  } else if (stmt.kind === 'REINDEX_OBJECT_TABLE') {
    out.add(relationOf(stmt.relation), { mode: onTable, scan: true, operation });
    out.add(relationOf(stmt.relation, 'indexes of table'), { mode: onIndex, rewrite: true, operation });
  }
}

export function createTableLocks(stmt: CreateStmt, out: LockCollector): void {
  for (const parent of stmt.inhRelations ?? []) {
    if (!('RangeVar' in parent)) continue;
    // Attaching a new partition locks the parent out completely; plain inheritance does not.
    if (stmt.partbound) out.add(relationOf(parent.RangeVar), { mode: AE, operation: 'CREATE TABLE PARTITION OF (parent)' });
    else out.add(relationOf(parent.RangeVar), { mode: SUE, operation: 'CREATE TABLE INHERITS (parent)' });
  }
  const references = (constraints: readonly Node[] | undefined) => {
    for (const c of constraints ?? []) {
      if ('Constraint' in c && c.Constraint.contype === 'CONSTR_FOREIGN') {
        out.add(relationOf(c.Constraint.pktable), { mode: 'SHARE ROW EXCLUSIVE', operation: 'FOREIGN KEY (referenced table)' });
      }
    }
  };
  for (const element of stmt.tableElts ?? []) {
    if ('ColumnDef' in element) references(element.ColumnDef.constraints);
    else if ('Constraint' in element) references([element]);
  }
  references(stmt.constraints);
}

export function vacuumLocks(stmt: VacuumStmt, out: LockCollector): void {
  const full = hasOption(stmt.options, 'full');
  const operation = !stmt.is_vacuumcmd ? 'ANALYZE' : full ? 'VACUUM FULL' : 'VACUUM';
  for (const rel of stmt.rels ?? []) {
    if (!('VacuumRelation' in rel)) continue;
    out.add(relationOf(rel.VacuumRelation.relation), { mode: full ? AE : SUE, rewrite: full, scan: true, operation });
  }
}

const COMMENTED_RELATIONS: Record<string, LockedKind> = {
  OBJECT_TABLE: 'relation',
  OBJECT_VIEW: 'relation',
  OBJECT_MATVIEW: 'relation',
  OBJECT_FOREIGN_TABLE: 'relation',
  OBJECT_SEQUENCE: 'relation',
  OBJECT_INDEX: 'index',
};

export function commentLocks(stmt: CommentStmt, out: LockCollector): void {
  const names = stmt.object ? listNames(stmt.object) : [];
  const type = stmt.objtype ?? '';
  if (type === 'OBJECT_COLUMN') out.add(relationFromNames(names.slice(0, -1)), { mode: SUE, operation: 'COMMENT ON COLUMN' });
  else if (type === 'OBJECT_TABCONSTRAINT' || type === 'OBJECT_TRIGGER') out.add(relationFromNames(names.slice(0, -1)), { mode: SUE, operation: `COMMENT ON ${objectWord(type)}` });
  else if (COMMENTED_RELATIONS[type]) out.add(relationFromNames(names, COMMENTED_RELATIONS[type]), { mode: SUE, operation: `COMMENT ON ${objectWord(type)}` });
}

/** 'OBJECT_MATVIEW' → 'MATERIALIZED VIEW'. */
function objectWord(type: string): string {
  const word = type.replace(/^OBJECT_/, '');
  const words: Record<string, string> = { MATVIEW: 'MATERIALIZED VIEW', FOREIGN_TABLE: 'FOREIGN TABLE', TABCONSTRAINT: 'CONSTRAINT' };
  return words[word] ?? word;
}
