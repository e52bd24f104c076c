// fk-missing-index on a whole history: a foreign key whose columns a later migration of the same
// directory indexes is not reported. Whether a later migration does is not known while the
// foreign key's migration is analysed (facts flow forward), so each migration's new indexes are
// recorded as its up section replays, and this pass withdraws the findings after the whole set —
// after the result cache merged stored and fresh findings, each unit keeping its own index list.
import { setDirectory } from './set-directory.js';
import type { Catalog } from './facts/schema/index.js';
import type { Finding, IndexedColumns, Migration } from './types.js';

/** The indexes one migration's up section created, as keys a foreign key can be covered by. */
export interface MigrationIndexes {
  /** The up section's file and offset: the migration, in any set or subset holding it. */
  file: string;
  offset: number;
  indexes: IndexedColumns[];
}

/** Runs `replay` (an up section into `catalog`) and returns the indexes it created that can cover a foreign key. */
export function recordIndexes(catalog: Catalog, replay: () => void): IndexedColumns[] {
  const added: NonNullable<Catalog['indexesAdded']> = [];
  catalog.indexesAdded = added;
  try {
    replay();
  } finally {
    catalog.indexesAdded = undefined;
  }
  const keys: IndexedColumns[] = [];
  for (const { schema, table, index } of added) {
    // Leading plain columns only: an expression key covers no foreign key column after it.
    const leading = index.columns.findIndex((c) => c === null);
    const columns = (leading === -1 ? index.columns : index.columns.slice(0, leading)) as string[];
    if (!index.partial && columns.length > 0) keys.push({ table: `${schema}.${table}`, columns });
  }
  return keys;
}

const covers = (key: IndexedColumns, wanted: IndexedColumns) =>
  key.table === wanted.table && key.columns.length >= wanted.columns.length && wanted.columns.every((c) => key.columns.slice(0, wanted.columns.length).includes(c));

/**
 * The findings without those a later migration of their directory withdraws (`withdrawnByIndex`
 * covered by an index it creates). `created` must hold every migration after the findings' ones.
 */
export function withdrawIndexedLater(migrations: readonly Migration[], findings: readonly Finding[], created: readonly MigrationIndexes[]): Finding[] {
  if (!findings.some((f) => f.withdrawnByIndex)) return [...findings];
  const position = new Map<string, number>();
  migrations.forEach((m, i) => position.set(`${m.up.offset}\0${m.up.file}`, i));
  // Per directory, the indexes created and the position of the migration that created them.
  const later = new Map<string, { at: number; key: IndexedColumns }[]>();
  for (const entry of created) {
    const at = position.get(`${entry.offset}\0${entry.file}`);
    if (at === undefined) continue;
    const dir = setDirectory(migrations[at]);
    let list = later.get(dir);
    if (!list) later.set(dir, (list = []));
    for (const key of entry.indexes) list.push({ at, key });
  }
  const upsByFile = new Map<string, number[]>();
  migrations.forEach((m, i) => upsByFile.set(m.up.file, [...(upsByFile.get(m.up.file) ?? []), i]));
  const migrationOf = (f: Finding) =>
    upsByFile.get(f.file)?.find((i) => f.span.start >= migrations[i].up.offset && f.span.start <= migrations[i].up.offset + migrations[i].up.text.length);

  return findings.filter((f) => {
    if (!f.withdrawnByIndex) return true;
    const at = migrationOf(f);
    if (at === undefined) return true;
    const wanted = f.withdrawnByIndex;
    return !(later.get(setDirectory(migrations[at])) ?? []).some((l) => l.at > at && covers(l.key, wanted));
  });
}
