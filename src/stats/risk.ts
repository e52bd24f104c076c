// Per statement: which existing table it blocks (or rewrites row by row) for how long, from the
// lock table's facts and the stats file — the figures findings, explain and SARIF quote.
import type { LockFact } from '../facts/locks.js';
import { isNewRelation } from '../facts/locks/existing.js';
import type { CatalogView } from '../facts/schema/model.js';
import type { MigrationFacts, StatementFacts } from '../facts/types.js';
import { estimate, type BlockingOperation, type Estimate } from './model.js';
import type { SizeClass, TableSizes } from './sizes.js';

export interface TableRisk {
  /** "schema.table", as the stats file names it. */
  table: string;
  operation: BlockingOperation;
  rows: number;
  heapBytes: number;
  totalBytes: number;
  estimate: Estimate;
  /** What waits while it runs: other sessions' reads and writes, their writes, or their updates of the rows it updates. */
  blocks: 'reads and writes' | 'writes' | 'rows';
  size: SizeClass;
  /** The table's data is copied anew (a rewrite, or an UPDATE of every row). */
  rewrites: boolean;
}

const INDEX_BUILDS = new Set(['CREATE INDEX', 'ADD PRIMARY KEY', 'ADD UNIQUE', 'ADD EXCLUDE', 'REINDEX', 'REINDEX TABLE', 'REINDEX INDEX']);
const NOT_NULL_SCANS = new Set(['SET NOT NULL', 'ADD NOT NULL']);

/** The costliest work a lock is held for, or undefined when it holds it for no work that grows with the table. */
export function blockingOperation(lock: LockFact): BlockingOperation | undefined {
  const operations = lock.operation.split(', ');
  if (operations.some((o) => o.endsWith('(referenced table)'))) return undefined;
  if (lock.rewrite !== false) return 'table rewrite';
  if (operations.includes('UPDATE')) return 'update';
  if (!lock.scan) return undefined;
  if (operations.some((o) => INDEX_BUILDS.has(o) || o.startsWith('REINDEX'))) return 'index build';
  if (operations.includes('ADD FOREIGN KEY')) return 'fk validation';
  if (operations.some((o) => NOT_NULL_SCANS.has(o))) return 'not null scan';
  return 'check validation';
}

function tableOf(lock: LockFact, catalog: CatalogView): { name: string; schema: string | undefined } | undefined {
  const { relation } = lock;
  if (relation.kind === 'relation' || relation.kind === 'indexes of table') return { name: relation.relname, schema: relation.schemaname };
  const table = catalog.index(relation.relname, relation.schemaname)?.table;
  return table ? { name: table.name, schema: table.schema } : undefined;
}

/**
 * The statement's risks on tables the stats know. Tables created earlier in the same section are
 * new and empty (no risk); tables the stats do not list keep today's findings unchanged.
 */
export function statementRisks(statement: StatementFacts, facts: MigrationFacts, catalog: CatalogView, sizes: TableSizes): TableRisk[] {
  const risks: TableRisk[] = [];
  for (const lock of statement.locks) {
    const operation = blockingOperation(lock);
    if (!operation || isNewRelation(facts, lock.relation, statement.index)) continue;
    if (operation !== 'update' && !lock.blocksReads && !lock.blocksWrites) continue;
    const name = tableOf(lock, catalog);
    const found = name ? sizes.table(name.name, name.schema) : undefined;
    if (!found) continue;
    const { rows, heapBytes, totalBytes } = found.table;
    risks.push({
      table: found.key,
      operation,
      rows,
      heapBytes,
      totalBytes,
      estimate: estimate(operation, { rows, heapBytes, totalBytes }),
      blocks: operation === 'update' ? 'rows' : lock.blocksReads ? 'reads and writes' : 'writes',
      size: sizes.classify(found.table),
      rewrites: lock.rewrite === true || (operation === 'update' && lock.scan),
    });
  }
  return risks.sort((a, b) => b.estimate.seconds - a.estimate.seconds);
}
