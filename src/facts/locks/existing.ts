// Locks on existing relations: a table or index created earlier in the same section is new,
// empty and invisible to other sessions until commit, so locking it blocks nobody.
import { listLabel } from '../names.js';
import type { CatalogView } from '../schema/model.js';
import { DEFAULT_SCHEMA } from '../schema/namespace.js';
import type { CurrentStatement } from '../../rule.js';
import type { MigrationFacts } from '../types.js';
import type { LockedRelation, LockFact } from './fact.js';

export function isNewRelation(facts: MigrationFacts, relation: LockedRelation, beforeStatement: number): boolean {
  if (relation.kind === 'relation' || relation.kind === 'indexes of table') return facts.isTableCreatedEarlier(relation, beforeStatement);
  return facts.isIndexCreatedEarlier(relation.schemaname, relation.relname, beforeStatement);
}

function locksOnExisting(locks: readonly LockFact[], facts: MigrationFacts, beforeStatement: number): LockFact[] {
  return locks.filter((l) => !isNewRelation(facts, l.relation, beforeStatement));
}

/** The table an index is on, as messages name it ('orders', 'app.orders'), when the schema model knows the index. */
export function tableOfIndexNamed(catalog: CatalogView | undefined, name: string, schema?: string): string | undefined {
  const table = catalog?.index(name, schema)?.table;
  if (!table) return undefined;
  return table.schema === DEFAULT_SCHEMA ? table.name : `${table.schema}.${table.name}`;
}

const tableOfIndex = (relation: LockedRelation, catalog: CatalogView | undefined) => tableOfIndexNamed(catalog, relation.relname, relation.schemaname);

/**
 * 'orders', 'app.orders', 'index orders_idx', 'the table of orders_idx', 'the indexes of orders';
 * the table of an index by its name when `catalog` knows the index.
 */
export function relationLabel(relation: LockedRelation, catalog?: CatalogView): string {
  const name = relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
  switch (relation.kind) {
    case 'table of index':
      return tableOfIndex(relation, catalog) ?? `the table of ${name}`;
    case 'indexes of table':
      return `the indexes of ${name}`;
    case 'index':
      return `index ${name}`;
    default:
      return name;
  }
}

/** The table whose queries a lock holds up: 'orders' for orders and its indexes, the table of an index (by name when `catalog` knows it). */
export function tableLabel(relation: LockedRelation, catalog?: CatalogView): string {
  const name = relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
  return relation.kind === 'relation' || relation.kind === 'indexes of table' ? name : (tableOfIndex(relation, catalog) ?? `the table of ${name}`);
}

/** 'orders', 'orders and parent', 'a, b and c'. */
export function tablesLabel(locks: readonly LockFact[], catalog?: CatalogView): string {
  return listLabel([...new Set(locks.map((l) => tableLabel(l.relation, catalog)))]);
}

/** 'reads and writes', 'writes', '' — what a set of locks blocks on other sessions. */
export function blockedAccess(locks: readonly LockFact[]): string {
  const reads = locks.some((l) => l.blocksReads);
  const writes = locks.some((l) => l.blocksWrites);
  return reads && writes ? 'reads and writes' : reads ? 'reads' : writes ? 'writes' : '';
}

// The rules ask during the statement's visit, one after the other: the last answer is kept (a
// WeakMap's get and set on each new statement object cost more than they save).
let last: { statement: CurrentStatement; facts: MigrationFacts; found: readonly LockFact[] } | undefined;

/**
 * The locks of the statement being visited that block reads or writes of an existing relation,
 * strongest first: found once for the rules that ask (a statement object is one visit).
 */
export function blockingLocks(statement: CurrentStatement, facts: MigrationFacts): readonly LockFact[] {
  if (last?.statement === statement && last.facts === facts) return last.found;
  // Blocking first: whether a relation is new is the costly question.
  const blocking = statement.locks.filter((l) => l.blocksReads || l.blocksWrites);
  const found = blocking.length === 0 ? blocking : locksOnExisting(blocking, facts, statement.index);
  last = { statement, facts, found };
  return found;
}
