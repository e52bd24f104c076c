// A schema snapshot: the database's user objects, read from the catalogs, as plain comparable
// data (tables, columns, types, defaults, constraints, indexes, sequences, enums, functions,
// triggers, policies, plus schemas, extensions and views). Not text: two schemas built by
// different statements compare equal when the catalogs say the same thing.
import type { Row } from '../apply/driver.js';
import { SNAPSHOT_SQL, type SnapshotPart } from './snapshot-sql.js';

export type ObjectKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'partitioned table'
  | 'view'
  | 'materialized view'
  | 'foreign table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'sequence'
  | 'type'
  | 'function'
  | 'trigger'
  | 'policy';

export type PropertyValue = string | boolean | null;

export interface SchemaObject {
  kind: ObjectKind;
  /** Qualified, quoted where needed: public.orders, public.orders.status, public.f(integer). */
  name: string;
  /** The key of the relation it belongs to (columns, constraints, indexes, triggers, policies). */
  parent?: string;
  props: Record<string, PropertyValue>;
}

export interface Snapshot {
  /** Sorted by key. */
  objects: SchemaObject[];
}

/** What a snapshot needs from a connection (the apply engine's Db satisfies it). */
export interface Queryable {
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface SnapshotOptions {
  /** `schema.table` names to leave out, e.g. the migration history table. */
  exclude?: readonly string[];
}

export const objectKey = (o: Pick<SchemaObject, 'kind' | 'name'>): string => `${o.kind} ${o.name}`;

const RELKINDS: Record<string, ObjectKind> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };

const CONSTRAINT_TYPES: Record<string, string> = { p: 'PRIMARY KEY', u: 'UNIQUE', f: 'FOREIGN KEY', c: 'CHECK', x: 'EXCLUDE', t: 'TRIGGER' };

const relationKind = (relkind: unknown): ObjectKind => RELKINDS[String(relkind)] ?? 'table';

const parentKey = (r: Row) => objectKey({ kind: relationKind(r.relkind), name: String(r.relation) });

function value(v: unknown): PropertyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  return String(v);
}

function props(r: Row, keys: readonly string[]): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const k of keys) out[k] = value(r[k]);
  return out;
}

/** The session's prepared snapshot statement (pg_prepared_statements lists it). */
const STATEMENT = 'migrationlint_snapshot';

/**
 * Runs SNAPSHOT_SQL as a statement prepared once per session: planning the query costs more
 * than running it (measured on a 100-table schema: PGlite 15 ms → 7, PostgreSQL 9 → 4). Asked
 * each time, since a migration may have run DEALLOCATE ALL or DISCARD ALL.
 */
async function readParts(db: Queryable): Promise<Record<SnapshotPart, Row[]>> {
  const prepared = await db.query('SELECT 1 FROM pg_prepared_statements WHERE name = $1', [STATEMENT]);
  if (prepared.length === 0) await db.query(`PREPARE ${STATEMENT} AS ${SNAPSHOT_SQL}`);
  const [row] = await db.query<{ snapshot: string }>(`EXECUTE ${STATEMENT}`);
  return JSON.parse(String(row?.snapshot)) as Record<SnapshotPart, Row[]>;
}

export async function takeSnapshot(db: Queryable, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const parts = await readParts(db);
  const excluded = new Set(opts.exclude);
  const kept = (rows: Row[]) => (excluded.size === 0 ? rows : rows.filter((r) => typeof r.exclusion_key !== 'string' || !excluded.has(r.exclusion_key)));
  const objects: SchemaObject[] = [];
  for (const r of kept(parts.schemas)) objects.push({ kind: 'schema', name: String(r.name), props: {} });
  for (const r of kept(parts.extensions)) objects.push({ kind: 'extension', name: String(r.name), props: props(r, ['schema', 'version']) });
  for (const r of kept(parts.relations)) {
    const kind = relationKind(r.relkind);
    const p = props(r, ['persistence', 'row_security', 'force_row_security', 'partition_key', 'partition_bound', 'inherits', 'definition', 'options']);
    p.persistence = r.persistence === 'u' ? 'UNLOGGED' : r.persistence === 't' ? 'TEMPORARY' : 'LOGGED';
    objects.push({ kind, name: String(r.name), props: p });
  }
  for (const r of kept(parts.columns)) {
    objects.push({ kind: 'column', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['type', 'not_null', 'default', 'identity', 'generated', 'collation']) });
  }
  for (const r of kept(parts.constraints)) {
    const p = props(r, ['definition', 'validated', 'deferrable', 'deferred']);
    objects.push({ kind: 'constraint', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: { type: CONSTRAINT_TYPES[String(r.type)] ?? String(r.type), ...p } });
  }
  for (const r of kept(parts.indexes)) {
    objects.push({ kind: 'index', name: String(r.name), parent: parentKey(r), props: props(r, ['definition', 'valid']) });
  }
  for (const r of kept(parts.sequences)) {
    objects.push({ kind: 'sequence', name: String(r.name), props: props(r, ['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle', 'owned_by']) });
  }
  for (const r of kept(parts.types)) {
    const all = props(r, ['type_kind', 'labels', 'base_type', 'not_null', 'default', 'constraints', 'attributes', 'subtype']);
    objects.push({ kind: 'type', name: String(r.name), props: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) });
  }
  for (const r of kept(parts.functions)) {
    objects.push({ kind: 'function', name: String(r.name), props: props(r, ['function_kind', 'returns', 'language', 'volatility', 'security_definer', 'strict', 'config', 'body_md5']) });
  }
  for (const r of kept(parts.triggers)) {
    objects.push({ kind: 'trigger', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['definition', 'enabled']) });
  }
  for (const r of kept(parts.policies)) {
    objects.push({ kind: 'policy', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['command', 'permissive', 'roles', 'using_expr', 'check_expr']) });
  }
  return { objects: sortedByKey(objects) };
}

/** Each key built once, not twice per comparison (snapshots of large schemas hold thousands of objects). */
function sortedByKey(objects: SchemaObject[]): SchemaObject[] {
  const keyed = objects.map((o) => ({ key: objectKey(o), o }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.o);
}
