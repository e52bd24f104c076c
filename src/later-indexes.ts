// fk-missing-index on a whole history: a foreign key whose columns a later migration of the same
// directory indexes, or that a later migration drops, is not reported. Whether a later migration does is not known while the
// foreign key's migration is analysed (facts flow forward), so each migration's new indexes (and
// the indexes and foreign keys it drops) are recorded as its up section replays, and this pass withdraws the findings after the whole set —
// after the result cache merged stored and fresh findings, each unit keeping its own index list.
import { setDirectory } from './set-directory.js';
import { shapeOf } from './set-shape.js';
import { Catalog, type CatalogView } from './facts/schema/index.js';
import type { TableEvent } from './facts/schema/events.js';
import type { Finding, ForeignKeyColumns, IndexedColumns, Migration } from './types.js';

/** An index's leading columns and its schema-qualified name. */
export interface IndexKey extends IndexedColumns {
  index: string;
}

/** A foreign key by its table (`schema.name`) and constraint name. */
export interface ForeignKeyRef {
  table: string;
  name: string;
}

/** The indexes one migration's up section created, and those it dropped, as keys a foreign key can be covered by. */
export interface MigrationIndexes {
  /** The up section's file and offset: the migration, in any set or subset holding it. */
  file: string;
  offset: number;
  indexes: IndexKey[];
  /** Indexes that stood before the migration and it dropped: a covering index created earlier and dropped here covers no more. */
  dropped?: IndexKey[];
  /** Foreign keys that stood before the migration and it dropped (with their constraint, column or table). */
  droppedForeignKeys?: ForeignKeyRef[];
  /** In order, what it did that makes a type fix of an earlier migration unsafe, and the renames and drops between. */
  typeFixEvents?: TypeFixEvent[];
}

type Recorded = Omit<NonNullable<Catalog['indexEvents']>[number], 'change'>;

/** The table events a later migration's type-fix guard reads (src/fixes/later-type-fix.ts). */
export type TypeFixEvent = Extract<TableEvent, { event: 'joined-tree' | 'expression' | 'table-renamed' | 'table-dropped' | 'column-renamed' }>;

const TYPE_FIX_EVENTS = new Set<TableEvent['event']>(['joined-tree', 'expression', 'table-renamed', 'table-dropped', 'column-renamed']);
const readByTypeFixes = (e: TableEvent): e is TypeFixEvent => TYPE_FIX_EVENTS.has(e.event);

/** Per events list being recorded: how many of its first `seen` events a type fix reads. */
const typeFixEventCounts = new WeakMap<TableEvent[], { seen: number; count: number }>();

/**
 * While a migration is recorded: how many of the `typeFixEvents` it will have come before the
 * statement being visited (a type fix's guard, so that the renames after its statement in the
 * same migration are followed); undefined when the catalog is not being recorded. Counted on
 * from the last call, not from the start: a large migration asks for each of its columns.
 */
export function typeFixEventsSoFar(catalog: CatalogView): number | undefined {
  const events = catalog instanceof Catalog ? catalog.tableEvents : undefined;
  if (!events) return undefined;
  const counted = typeFixEventCounts.get(events) ?? { seen: 0, count: 0 };
  for (; counted.seen < events.length; counted.seen++) if (readByTypeFixes(events[counted.seen])) counted.count++;
  typeFixEventCounts.set(events, counted);
  return counted.count;
}

/**
 * Runs `replay` (an up section into `catalog`) and returns the indexes it created and dropped that
 * can cover a foreign key, the foreign keys it dropped, and the events type fixes of earlier migrations read.
 */
export function recordIndexes(catalog: Catalog, replay: () => void): Pick<MigrationIndexes, 'indexes' | 'dropped' | 'droppedForeignKeys' | 'typeFixEvents'> {
  const events: NonNullable<Catalog['indexEvents']> = [];
  const tableEvents: TableEvent[] = [];
  catalog.indexEvents = events;
  catalog.tableEvents = tableEvents;
  try {
    replay();
  } finally {
    catalog.indexEvents = undefined;
    catalog.tableEvents = undefined;
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
  const droppedForeignKeys = foreignKeysDropped(catalog, tableEvents);
  const typeFixEvents = tableEvents.filter(readByTypeFixes);
  return {
    indexes,
    ...(dropped.length > 0 ? { dropped } : {}),
    ...(droppedForeignKeys.length > 0 ? { droppedForeignKeys } : {}),
    ...(typeFixEvents.length > 0 ? { typeFixEvents } : {}),
  };
}

/**
 * The foreign keys that stood before the migration and are gone after it, by their table's name
 * before it. One whose name still stands on some table is kept: its table was renamed (a drop
 * and a re-add under the same name is taken as kept too).
 */
function foreignKeysDropped(catalog: Catalog, events: readonly TableEvent[]): ForeignKeyRef[] {
  const nameBefore = new Map<string, string>();
  const before = (table: string) => nameBefore.get(table) ?? table;
  const addedHere = new Set<string>();
  const candidates: ForeignKeyRef[] = [];
  for (const e of events) {
    if (e.event === 'table-renamed') {
      nameBefore.set(e.to, before(e.table));
      nameBefore.delete(e.table);
      for (const key of [...addedHere]) {
        const [table, fk] = key.split('\0');
        if (table !== e.table) continue;
        addedHere.delete(key);
        addedHere.add(`${e.to}\0${fk}`);
      }
    } else if (e.event === 'foreign-key-added') addedHere.add(`${e.table}\0${e.name}`);
    else if (e.event === 'foreign-key-dropped' && !addedHere.delete(`${e.table}\0${e.name}`)) candidates.push({ table: before(e.table), name: e.name });
  }
  if (candidates.length === 0) return [];
  const standing = new Set<string>();
  for (const table of catalog.tables()) for (const c of table.constraints.values()) if (c.kind === 'foreign-key') standing.add(c.name);
  return candidates.filter((fk) => !standing.has(fk.name));
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

/** Positions in the set: of a recorded migration (by its up section), and of the migration whose up section holds a finding. */
export function setPositions(migrations: readonly Migration[]): { recordedAt: (entry: Pick<MigrationIndexes, 'file' | 'offset'>) => number | undefined; migrationOf: (f: Finding) => number | undefined } {
  const { upsByFile } = shapeOf(migrations);
  return {
    recordedAt: (entry) => upsByFile.get(entry.file)?.findLast((i) => migrations[i].up.offset === entry.offset),
    migrationOf: (f) => upsByFile.get(f.file)?.find((i) => f.span.start >= migrations[i].up.offset && f.span.start <= migrations[i].up.offset + migrations[i].up.text.length),
  };
}

const covers = (key: IndexedColumns, wanted: IndexedColumns) =>
  key.table === wanted.table && key.columns.length >= wanted.columns.length && wanted.columns.every((c) => key.columns.slice(0, wanted.columns.length).includes(c));

/**
 * The findings without those a later migration of their directory withdraws (`withdrawnByIndex`
 * covered by an index it creates, or its foreign key dropped). `created` must hold every migration
 * after the findings' ones.
 */
export function withdrawIndexedLater(migrations: readonly Migration[], findings: readonly Finding[], created: readonly MigrationIndexes[]): Finding[] {
  if (!findings.some((f) => f.withdrawnByIndex)) return [...findings];
  const { recordedAt, migrationOf } = setPositions(migrations);
  // Per directory, the indexes created and dropped, and the position of the migration that did it.
  const later = new Map<string, { created: { at: number; key: IndexKey }[]; dropped: { at: number; key: IndexKey }[]; droppedForeignKeys: { at: number; ref: ForeignKeyRef }[] }>();
  for (const entry of created) {
    const at = recordedAt(entry);
    if (at === undefined) continue;
    const dir = setDirectory(migrations[at]);
    let lists = later.get(dir);
    if (!lists) later.set(dir, (lists = { created: [], dropped: [], droppedForeignKeys: [] }));
    for (const key of entry.indexes) lists.created.push({ at, key });
    for (const key of entry.dropped ?? []) lists.dropped.push({ at, key });
    for (const ref of entry.droppedForeignKeys ?? []) lists.droppedForeignKeys.push({ at, ref });
  }
  return findings.filter((f) => {
    if (!f.withdrawnByIndex) return true;
    const at = migrationOf(f);
    if (at === undefined) return true;
    const wanted: ForeignKeyColumns = f.withdrawnByIndex;
    const lists = later.get(setDirectory(migrations[at]));
    if (lists?.droppedForeignKeys.some((d) => d.at > at && d.ref.table === wanted.table && d.ref.name === wanted.foreignKey)) return false;
    // Covered by an index a later migration creates and no migration after it drops — by name:
    // dropping a duplicate with the same columns leaves the other standing.
    return !lists?.created.some((l) => l.at > at && covers(l.key, wanted) && !lists.dropped.some((d) => d.at > l.at && d.key.index === l.key.index));
  });
}
