// A schema snapshot: the database's user objects, read from the catalogs, as plain comparable
// data (tables, columns, types, defaults, constraints, indexes, sequences, enums, functions,
// triggers, policies, plus schemas, extensions and views). Not text: two schemas built by
// different statements compare equal when the catalogs say the same thing.
import type { Row } from '../apply/driver.js';
import * as sql from './snapshot-sql.js';

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

export async function takeSnapshot(db: Queryable, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const exclude = [...(opts.exclude ?? [])];
  const q = (text: string) => db.query(text, text.includes('$1') ? [exclude] : []);
  const objects: SchemaObject[] = [];
  for (const r of await q(sql.SCHEMAS_SQL)) objects.push({ kind: 'schema', name: String(r.name), props: {} });
  for (const r of await q(sql.EXTENSIONS_SQL)) objects.push({ kind: 'extension', name: String(r.name), props: props(r, ['schema', 'version']) });
  for (const r of await q(sql.RELATIONS_SQL)) {
    const kind = relationKind(r.relkind);
    const p = props(r, ['persistence', 'row_security', 'force_row_security', 'partition_key', 'partition_bound', 'inherits', 'definition', 'options']);
    p.persistence = r.persistence === 'u' ? 'UNLOGGED' : r.persistence === 't' ? 'TEMPORARY' : 'LOGGED';
    objects.push({ kind, name: String(r.name), props: p });
  }
  for (const r of await q(sql.COLUMNS_SQL)) {
    objects.push({ kind: 'column', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['type', 'not_null', 'default', 'identity', 'generated', 'collation']) });
  }
  for (const r of await q(sql.CONSTRAINTS_SQL)) {
    const p = props(r, ['definition', 'validated', 'deferrable', 'deferred']);
    objects.push({ kind: 'constraint', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: { type: CONSTRAINT_TYPES[String(r.type)] ?? String(r.type), ...p } });
  }
  for (const r of await q(sql.INDEXES_SQL)) {
    objects.push({ kind: 'index', name: String(r.name), parent: parentKey(r), props: props(r, ['definition', 'valid']) });
  }
  for (const r of await q(sql.SEQUENCES_SQL)) {
    objects.push({ kind: 'sequence', name: String(r.name), props: props(r, ['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle', 'owned_by']) });
  }
  for (const r of await q(sql.TYPES_SQL)) {
    const all = props(r, ['type_kind', 'labels', 'base_type', 'not_null', 'default', 'constraints', 'attributes', 'subtype']);
    objects.push({ kind: 'type', name: String(r.name), props: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) });
  }
  for (const r of await q(sql.FUNCTIONS_SQL)) {
    objects.push({ kind: 'function', name: String(r.name), props: props(r, ['function_kind', 'returns', 'language', 'volatility', 'security_definer', 'strict', 'config', 'body_md5']) });
  }
  for (const r of await q(sql.TRIGGERS_SQL)) {
    objects.push({ kind: 'trigger', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['definition', 'enabled']) });
  }
  for (const r of await q(sql.POLICIES_SQL)) {
    objects.push({ kind: 'policy', name: `${r.relation}.${r.name}`, parent: parentKey(r), props: props(r, ['command', 'permissive', 'roles', 'using_expr', 'check_expr']) });
  }
  objects.sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0));
  return { objects };
}
