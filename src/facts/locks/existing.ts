// Locks on existing relations: a table or index created earlier in the same section is new,
// empty and invisible to other sessions until commit, so locking it blocks nobody.
import { listLabel } from '../names.js';
import type { MigrationFacts, StatementFacts } from '../types.js';
import type { LockedRelation, LockFact } from './fact.js';

export function isNewRelation(facts: MigrationFacts, relation: LockedRelation, beforeStatement: number): boolean {
  if (relation.kind === 'relation' || relation.kind === 'indexes of table') return facts.isTableCreatedEarlier(relation, beforeStatement);
  return facts.isIndexCreatedEarlier(relation.schemaname, relation.relname, beforeStatement);
}

export function locksOnExisting(locks: readonly LockFact[], facts: MigrationFacts, beforeStatement: number): LockFact[] {
  return locks.filter((l) => !isNewRelation(facts, l.relation, beforeStatement));
}

/** 'orders', 'app.orders', 'index orders_idx', 'the table of orders_idx', 'the indexes of orders'. */
export function relationLabel(relation: LockedRelation): string {
  const name = relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
  switch (relation.kind) {
    case 'table of index':
      return `the table of ${name}`;
    case 'indexes of table':
      return `the indexes of ${name}`;
    case 'index':
      return `index ${name}`;
    default:
      return name;
  }
}

/** The table whose queries a lock holds up: 'orders' for orders and its indexes, 'the table of orders_idx'. */
export function tableLabel(relation: LockedRelation): string {
  const name = relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
  return relation.kind === 'relation' || relation.kind === 'indexes of table' ? name : `the table of ${name}`;
}

/** 'orders', 'orders and parent', 'a, b and c'. */
export function tablesLabel(locks: readonly LockFact[]): string {
  return listLabel([...new Set(locks.map((l) => tableLabel(l.relation)))]);
}

/** 'reads and writes', 'writes', '' — what a set of locks blocks on other sessions. */
export function blockedAccess(locks: readonly LockFact[]): string {
  const reads = locks.some((l) => l.blocksReads);
  const writes = locks.some((l) => l.blocksWrites);
  return reads && writes ? 'reads and writes' : reads ? 'reads' : writes ? 'writes' : '';
}

/** The locks of a statement that block reads or writes of an existing relation, strongest first. */
export function blockingLocks(statement: StatementFacts, facts: MigrationFacts): LockFact[] {
  return locksOnExisting(statement.locks, facts, statement.index).filter((l) => l.blocksReads || l.blocksWrites);
}

/** How many statements after `index` take blocking locks before `covered` becomes true again. */
export function laterBlockingStatements(facts: MigrationFacts, index: number, covered: (s: StatementFacts) => boolean): number {
  let count = 0;
  for (const s of facts.statements.slice(index + 1)) {
    if (covered(s)) break;
    if (blockingLocks(s, facts).length > 0) count++;
  }
  return count;
}
