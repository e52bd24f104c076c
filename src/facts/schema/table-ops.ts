// Changes to one table's columns and constraints, with what PostgreSQL does alongside: renames
// follow into indexes, constraints and referencing foreign keys; drops take dependents along.
// `table` must be writable (Catalog.writableTable).
import { forgetView } from './replay-view.js';
import { referenceable, rekeyEntry as rekey, someConstraint, type Catalog, type ConstraintState, type TableState } from './catalog.js';

const rename = (list: readonly (string | null)[], from: string, to: string) => list.map((c) => (c === from ? to : c));
const renameStrings = (list: readonly string[], from: string, to: string) => list.map((c) => (c === from ? to : c));

function referencesColumn(table: TableState, refs: { schema: string; table: string; columns: readonly string[] } | undefined, column: string): boolean {
  return refs !== undefined && refs.schema === table.schema && refs.table === table.name && refs.columns.includes(column);
}

export function renameColumn(catalog: Catalog, table: TableState, from: string, to: string): void {
  const column = table.columns.get(from);
  if (!column || table.columns.has(to)) return;
  const referenced = referenceable(table, from);
  column.name = to;
  rekey(table.columns, from, to);
  catalog.tableEvents?.push({ event: 'column-renamed', table: `${table.schema}.${table.name}`, column: from, to });
  for (const c of table.constraints.values()) {
    c.columns = renameStrings(c.columns, from, to);
    if (c.notNullColumns) c.notNullColumns = renameStrings(c.notNullColumns, from, to);
  }
  for (const index of table.indexes.values()) {
    index.columns = rename(index.columns, from, to);
    index.include = renameStrings(index.include, from, to);
  }
  if (table.readBy) table.readBy = table.readBy.map((d) => ({ ...d, columns: renameStrings(d.columns, from, to) }));
  if (!referenced) return;
  const references = (c: ConstraintState) => referencesColumn(table, c.references, from);
  catalog.updateTables(
    (other) => someConstraint(other, references),
    (other) => {
      for (const c of other.constraints.values()) if (c.references && references(c)) c.references = { ...c.references, columns: renameStrings(c.references.columns, from, to) };
    },
  );
}

/** Drops the column, the indexes and constraints on it, and foreign keys that reference it. */
export function dropColumn(catalog: Catalog, table: TableState, name: string): void {
  if (!table.columns.delete(name)) return;
  const referenced = referenceable(table, name);
  for (const index of [...table.indexes.values()]) {
    if (index.columns.includes(name) || index.include.includes(name)) catalog.dropIndex(index);
  }
  for (const [key, c] of [...table.constraints]) {
    if (!c.columns.includes(name)) continue;
    table.constraints.delete(key);
    catalog.foreignKeyDropped(table, c);
  }
  // A view reading the column goes with it (CASCADE; without it the drop fails).
  for (const d of table.readBy ?? []) if (d.columns.includes(name)) forgetView(catalog, d.name);
  if (!referenced) return;
  const references = (c: ConstraintState) => referencesColumn(table, c.references, name);
  catalog.updateTables(
    (other) => someConstraint(other, references),
    (other) => {
      for (const [key, c] of other.constraints) {
        if (!references(c)) continue;
        other.constraints.delete(key);
        catalog.foreignKeyDropped(other, c);
      }
    },
  );
}

export function dropConstraint(catalog: Catalog, table: TableState, name: string): void {
  const constraint = table.constraints.get(name);
  if (!constraint) return;
  const index = constraint.index ? table.indexes.get(constraint.index) : undefined;
  if (index) catalog.dropIndex(index);
  table.constraints.delete(name);
  catalog.foreignKeyDropped(table, constraint);
  if (constraint.kind === 'not-null') {
    for (const column of constraint.columns) {
      const col = table.columns.get(column);
      if (col) col.notNull = false;
    }
  }
}

export function renameConstraint(catalog: Catalog, table: TableState, from: string, to: string): void {
  const constraint = table.constraints.get(from);
  if (!constraint || table.constraints.has(to)) return;
  const index = constraint.index ? table.indexes.get(constraint.index) : undefined;
  if (index) {
    catalog.renameIndex(index, to);
    return;
  }
  constraint.name = to;
  rekey(table.constraints, from, to);
}

export function validateConstraint(table: TableState, name: string): void {
  const constraint = table.constraints.get(name);
  if (!constraint) return;
  constraint.validated = true;
  if (constraint.kind === 'not-null') {
    for (const column of constraint.columns) {
      const col = table.columns.get(column);
      if (col) col.notNull = true;
    }
  }
}
