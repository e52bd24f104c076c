// The catalog as plain data (JSON-ready): for tests, debugging and tools that print it.
import type { CatalogView, ColumnInfo, ConstraintInfo, IndexInfo } from './model.js';

export interface TableSnapshot {
  columnsKnown: boolean;
  columns: Record<string, ColumnInfo>;
  constraints: Record<string, ConstraintInfo>;
  indexes: Record<string, IndexInfo>;
}

export interface CatalogSnapshot {
  /** By `schema.name`. */
  tables: Record<string, TableSnapshot>;
  enums: Record<string, string[]>;
}

const plain = <T extends object>(map: ReadonlyMap<string, T>): Record<string, T> => Object.fromEntries([...map].map(([k, v]) => [k, structuredClone(v)]));

export function catalogSnapshot(catalog: CatalogView): CatalogSnapshot {
  const tables: Record<string, TableSnapshot> = {};
  for (const t of [...catalog.tables()].sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`))) {
    tables[`${t.schema}.${t.name}`] = { columnsKnown: t.columnsKnown, columns: plain(t.columns), constraints: plain(t.constraints), indexes: plain(t.indexes) };
  }
  const enums: Record<string, string[]> = {};
  for (const e of catalog.enumTypes()) enums[`${e.schema}.${e.name}`] = [...e.values];
  return { tables, enums };
}
