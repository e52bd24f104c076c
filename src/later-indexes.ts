// fk-missing-index on a whole history: a foreign key whose columns a later migration of the same
// directory indexes is not reported. Whether a later migration does is not known while the
// foreign key's migration is analysed (facts flow forward), so each migration's new indexes are
// recorded as its up section replays, and this pass withdraws the findings after the whole set —
// after the result cache merged stored and fresh findings, each unit keeping its own index list.
import { setDirectory } from './set-directory.js';
import type { Catalog } from './facts/schema/index.js';
import type { Finding, IndexedColumns, Migration } from './types.js';

/** An index's leading columns and its schema-qualified name. */
export interface IndexKey extends IndexedColumns {
  index: string;
}

/** The indexes one migration's up section created, and those it dropped, as keys a foreign key can be covered by. */
export interface MigrationIndexes {
  /** The up section's file and offset: the migration, in any set or subset holding it. */
  file: string;
  offset: number;
  indexes: IndexKey[];
  /** Indexes that stood before the migration and it dropped: a covering index created earlier and dropped here covers no more. */
  dropped?: IndexKey[];
}

type Recorded = Omit<NonNullable<Catalog['indexEvents']>[number], 'change'>;

/** Runs `replay` (an up section into `catalog`) and returns the indexes it created and dropped that can cover a foreign key. */
export function recordIndexes(catalog: Catalog, replay: () => void): Pick<MigrationIndexes, 'indexes' | 'dropped'> {
  const events: NonNullable<Catalog['indexEvents']> = [];
  catalog.indexEvents = events;
  try {
    replay();
  } finally {
    catalog.indexEvents = undefined;
  }
  // In order: an index created then dropped by the same migration is neither; one that stood
  // before and is dropped, then created again under its name (a primary key rebuilt after
  // DROP COLUMN id), is both dropped and created.
  const name = (r: Recorded) => `${r.schema}\0${r.index.name}`;
  const created = new Map<string, Recorded>();
  const gone: Recorded[] = [];
  for (const e of events) {
    if (e.change === 'added') created.set(name(e), e);
    else if (!created.delete(name(e))) gone.push(e);
  }
  const indexes = keysOf([...created.values()]);
  const dropped = keysOf(gone);
  return { indexes, ...(dropped.length > 0 ? { dropped } : {}) };
}

function keysOf(recorded: readonly Recorded[]): IndexKey[] {
  const keys: IndexKey[] = [];
  for (const { schema, table, index } of recorded) {
    // Leading plain columns only: an expression key covers no foreign key column after it.
    const leading = index.columns.findIndex((c) => c === null);
    const columns = (leading === -1 ? index.columns : index.columns.slice(0, leading)) as string[];
    if (!index.partial && columns.length > 0) keys.push({ table: `${schema}.${table}`, columns, index: `${schema}.${index.name}` });
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
  // Per directory, the indexes created and dropped, and the position of the migration that did it.
  const later = new Map<string, { created: { at: number; key: IndexKey }[]; dropped: { at: number; key: IndexKey }[] }>();
  for (const entry of created) {
    const at = position.get(`${entry.offset}\0${entry.file}`);
    if (at === undefined) continue;
    const dir = setDirectory(migrations[at]);
    let lists = later.get(dir);
    if (!lists) later.set(dir, (lists = { created: [], dropped: [] }));
    for (const key of entry.indexes) lists.created.push({ at, key });
    for (const key of entry.dropped ?? []) lists.dropped.push({ at, key });
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
    const lists = later.get(setDirectory(migrations[at]));
    // Covered by an index a later migration creates and no migration after it drops — by name:
    // dropping a duplicate with the same columns leaves the other standing.
    return !lists?.created.some((l) => l.at > at && covers(l.key, wanted) && !lists.dropped.some((d) => d.at > l.at && d.key.index === l.key.index));
  });
}
