// Replay of statements that create tables and indexes: CREATE TABLE (… PARTITION OF, INHERITS,
// LIKE), CREATE TABLE AS / SELECT INTO, CREATE INDEX.
import type { CreateStmt, IndexElem, IndexStmt, IntoClause } from '@pgsql/types';
import type { Catalog } from './catalog.js';
import { addColumn } from './column-def.js';
import { addConstraint } from './constraints.js';
import { chooseName, indexColumnNames, joinColumnNames } from './names.js';
import { DEFAULT_SCHEMA } from './namespace.js';
import { indexExpressionEvents, tableKey } from './events.js';

/** With IF NOT EXISTS, PostgreSQL checks the schema the object would be created in. */
function existsIn(catalog: Catalog, schema: string | undefined, name: string): boolean {
  return catalog.relationExists(schema ?? catalog.searchPath[0] ?? DEFAULT_SCHEMA, name);
}

export function replayCreateTable(catalog: Catalog, stmt: CreateStmt): void {
  const rel = stmt.relation;
  // Temporary tables vanish with the session: later migrations never see them.
  if (!rel?.relname || rel.relpersistence === 't') return;
  if (stmt.if_not_exists && existsIn(catalog, rel.schemaname, rel.relname)) return;
  const parents = (stmt.inhRelations ?? []).map((p) => ('RangeVar' in p ? catalog.table(p.RangeVar) : undefined));
  // INHERITS merges the child's columns with the parents' (PARTITION OF takes the parent's types).
  if (catalog.tableEvents && !stmt.partbound) {
    for (const p of stmt.inhRelations ?? []) {
      const parent = 'RangeVar' in p ? tableKey(catalog, p.RangeVar) : undefined;
      if (parent) catalog.tableEvents.push({ event: 'joined-tree', table: parent, how: 'inherit' });
    }
  }
  const elements = stmt.tableElts ?? [];
  const columnsKnown = !stmt.ofTypename && parents.every((p) => p !== undefined) && !elements.some((e) => 'TableLikeClause' in e);
  const table = catalog.createTable(rel.schemaname, rel.relname, columnsKnown);
  const key = stmt.partspec?.partParams;
  if (key) table.partitionKey = key.flatMap((p) => ('PartitionElem' in p ? [p.PartitionElem.name ?? null] : []));
  // Inherited columns come first (INHERITS, PARTITION OF), with their types and NOT NULL.
  for (const parent of parents) {
    for (const column of parent?.columns.values() ?? []) {
      if (table.columns.has(column.name)) continue;
      const { identity: _identity, generated: _generated, ...inherited } = column;
      table.columns.set(column.name, { ...inherited });
    }
  }
  for (const element of elements) if ('ColumnDef' in element) addColumn(catalog, table, element.ColumnDef, true);
  for (const element of elements) if ('Constraint' in element) addConstraint(catalog, table, element.Constraint, { newTable: true });
}

/** CREATE TABLE AS, SELECT INTO: a table whose columns the model cannot know. */
export function replayCreateTableAs(catalog: Catalog, into: IntoClause | undefined, ifNotExists: boolean): void {
  const rel = into?.rel;
  if (!rel?.relname || rel.relpersistence === 't') return;
  if (ifNotExists && existsIn(catalog, rel.schemaname, rel.relname)) return;
  catalog.createTable(rel.schemaname, rel.relname, false);
}

const elems = (nodes: IndexStmt['indexParams']): IndexElem[] => (nodes ?? []).flatMap((n) => ('IndexElem' in n ? [n.IndexElem] : []));

export function replayCreateIndex(catalog: Catalog, stmt: IndexStmt): void {
  const keys = elems(stmt.indexParams);
  if (catalog.tableEvents) {
    const table = tableKey(catalog, stmt.relation);
    if (table) catalog.tableEvents.push(...indexExpressionEvents(table, keys, stmt.whereClause));
  }
  const known = catalog.table(stmt.relation);
  if (!known) return;
  const included = elems(stmt.indexIncludingParams);
  const label = stmt.primary ? 'pkey' : stmt.excludeOpNames ? 'excl' : 'idx';
  const name =
    stmt.idxname ??
    chooseName(known.name, stmt.primary ? undefined : joinColumnNames(indexColumnNames([...keys, ...included])), label, (n) => catalog.relationExists(known.schema, n));
  if (stmt.if_not_exists && catalog.relationExists(known.schema, name)) return;
  const table = catalog.ownTable(known);
  catalog.addIndex(table, {
    name,
    schema: table.schema,
    columns: keys.map((k) => k.name ?? null),
    include: included.flatMap((k) => (k.name ? [k.name] : [])),
    unique: stmt.unique === true,
    partial: stmt.whereClause !== undefined,
    method: stmt.accessMethod ?? 'btree',
    valid: true,
  });
}
