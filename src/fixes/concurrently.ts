// Whether adding CONCURRENTLY leaves a statement PostgreSQL accepts, from what the schema model
// knows; when it does not know the object, the fix is withheld rather than guessed.
// Proven on PostgreSQL 15 in test/fixes/withheld.pg.test.ts.
import type { RangeVar } from '@pgsql/types';
import type { CatalogView, IndexInfo, TableInfo } from '../facts/schema/model.js';

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** CREATE INDEX CONCURRENTLY: not on a partitioned table (0A000), nor on one the model does not know. */
export function canCreateIndexConcurrently(catalog: CatalogView, relation: RangeVar | undefined): boolean {
  const table = catalog.table(relation);
  return table !== undefined && table.partitionKey === undefined;
}

/** DROP INDEX CONCURRENTLY: not of a partitioned table's index (0A000), nor of an unknown index. */
export function canDropIndexConcurrently(catalog: CatalogView, schema: string | undefined, name: string): boolean {
  const found = catalog.index(name, schema);
  return found !== undefined && found.table.partitionKey === undefined;
}

function backsExclusion(table: TableInfo, index: IndexInfo): boolean {
  return index.constraint !== undefined && table.constraints.get(index.constraint)?.kind === 'exclusion';
}

/**
 * REINDEX … CONCURRENTLY: not of an exclusion constraint's index (0A000; a table's is skipped
 * with a warning, leaving it unrebuilt), not of a system catalog (0A000), not of what the model
 * does not know.
 */
export function canReindexConcurrently(catalog: CatalogView, kind: string, relation: RangeVar | undefined, name: string | undefined): boolean {
  const schema = relation?.schemaname ?? (kind === 'SCHEMA' ? name : undefined);
  if (schema !== undefined && SYSTEM_SCHEMAS.has(schema)) return false;
  if (kind === 'INDEX') {
    const found = relation?.relname ? catalog.index(relation.relname, relation.schemaname) : undefined;
    return found !== undefined && !backsExclusion(found.table, found.index);
  }
  if (kind === 'TABLE') {
    const table = catalog.table(relation);
    return table !== undefined && ![...table.indexes.values()].some((index) => backsExclusion(table, index)) && ![...table.constraints.values()].some((c) => c.kind === 'exclusion');
  }
  // A schema or database: the model cannot list every table in it.
  return false;
}

/** REFRESH … CONCURRENTLY needs a unique index on plain columns, without WHERE (55000 otherwise). */
export function usableForConcurrentRefresh(index: IndexInfo): boolean {
  return index.unique && !index.partial && index.valid && index.columns.length > 0 && index.columns.every((c) => c !== null);
}
