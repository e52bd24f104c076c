// The catalog's mutable records (the model's read-only shapes, writable) and small queries on them.
import type { ColumnInfo, ConstraintInfo, DomainInfo, EnumInfo, FunctionInfo, IndexInfo, TableRef, ViewDependency } from './model.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type ColumnState = Mutable<ColumnInfo>;
export type IndexState = Mutable<IndexInfo>;
export type ConstraintState = Mutable<ConstraintInfo>;
export type EnumState = Mutable<Omit<EnumInfo, 'values'>> & { values: string[] };
export type FunctionState = Mutable<FunctionInfo>;
export type DomainState = Mutable<Omit<DomainInfo, 'checks'>> & { checks: string[] };

export interface TableState {
  schema: string;
  name: string;
  columnsKnown: boolean;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  indexes: Map<string, IndexState>;
  partitionKey?: (string | null)[];
  /** Replaced, never changed in place: forks share it. */
  readBy?: readonly ViewDependency[];
}

/** Schema and bare name of a table reference. */
export function refName(ref: TableRef): { schema?: string; name: string } | undefined {
  if (!ref) return undefined;
  if ('relname' in ref || 'schemaname' in ref) {
    const rv = ref as { relname?: string; schemaname?: string };
    // Two literals, not a spread then `name`: V8 adds a property after a spread slowly (every table lookup).
    return rv.relname ? (rv.schemaname ? { schema: rv.schemaname, name: rv.relname } : { name: rv.relname }) : undefined;
  }
  return 'name' in ref ? ref : undefined;
}

/** Re-key a map entry in place, keeping the order of the entries. */
export function rekeyEntry<V>(map: Map<string, V>, from: string, to: string): void {
  if (from === to || !map.has(from)) return;
  const entries = [...map].map(([k, v]): [string, V] => [k === from ? to : k, v]);
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

export function someConstraint(table: TableState, test: (c: ConstraintState) => boolean): boolean {
  for (const c of table.constraints.values()) if (test(c)) return true;
  return false;
}

export function someColumn(table: TableState, test: (c: ColumnState) => boolean): boolean {
  for (const c of table.columns.values()) if (test(c)) return true;
  return false;
}

/**
 * Can a foreign key reference the table (or this column of it)? Only columns under a PRIMARY
 * KEY, UNIQUE constraint or unique index can be referenced: other drops and renames need not
 * look for referencing foreign keys in every table.
 */
export function referenceable(table: TableState, column?: string): boolean {
  for (const c of table.constraints.values()) {
    if ((c.kind === 'primary-key' || c.kind === 'unique') && (column === undefined || c.columns.includes(column))) return true;
  }
  for (const index of table.indexes.values()) if (index.unique && (column === undefined || index.columns.includes(column))) return true;
  return false;
}
