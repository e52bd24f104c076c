// What CREATE / DROP INDEX CONCURRENTLY really left on the server, read from pg_index. Both run
// in several transactions: a build that fails or is cancelled after its first one leaves an
// INVALID index behind, and `IF NOT EXISTS` passes over such an index without a word. The
// engine asks here instead of trusting that the statement returned.
import type { Node } from '@pgsql/types';
import type { Db } from './driver.js';
import { stringValues } from '../facts/node-lists.js';

interface QualifiedName {
  schema?: string;
  name: string;
}

/** The index statements whose outcome can be read back from the catalog. */
export type IndexStatement =
  | { kind: 'create'; table: QualifiedName; index?: string }
  | { kind: 'drop'; indexes: QualifiedName[] };

export interface IndexState {
  oid: string;
  /** Schema-qualified, quoted where needed: what DROP INDEX takes. */
  name: string;
  relname: string;
  valid: boolean;
  ready: boolean;
}

/** CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY; undefined for anything else. */
export function indexStatement(node: Node | undefined): IndexStatement | undefined {
  if (!node) return undefined;
  if ('IndexStmt' in node) {
    const s = node.IndexStmt;
    if (!s.concurrent || !s.relation?.relname) return undefined;
    return {
      kind: 'create',
      table: { ...(s.relation.schemaname ? { schema: s.relation.schemaname } : {}), name: s.relation.relname },
      ...(s.idxname ? { index: s.idxname } : {}),
    };
  }
  if ('DropStmt' in node) {
    const s = node.DropStmt;
    if (s.removeType !== 'OBJECT_INDEX' || !s.concurrent) return undefined;
    const indexes = (s.objects ?? []).flatMap((o) => {
      if (!('List' in o)) return [];
      const parts = stringValues(o.List.items);
      const name = parts.at(-1);
      if (!name) return [];
      return [parts.length > 1 ? { schema: parts.at(-2)!, name } : { name }];
    });
    return indexes.length > 0 ? { kind: 'drop', indexes } : undefined;
  }
  return undefined;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const regclassText = (q: QualifiedName) => (q.schema ? `${quoteIdent(q.schema)}.${quoteIdent(q.name)}` : quoteIdent(q.name));

const INDEX_COLUMNS = `c.oid::text AS oid, format('%I.%I', n.nspname, c.relname) AS name, c.relname::text AS relname,
  i.indisvalid AS valid, i.indisready AS ready
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace`;

/** The indexes of the statement's table (none when the table does not exist). */
export async function indexesOn(db: Db, table: QualifiedName): Promise<IndexState[]> {
  return db.query<IndexState & Record<string, unknown>>(`SELECT ${INDEX_COLUMNS} WHERE i.indrelid = to_regclass($1) ORDER BY c.oid`, [regclassText(table)]);
}

async function indexNamed(db: Db, q: QualifiedName): Promise<IndexState | undefined> {
  const rows = await db.query<IndexState & Record<string, unknown>>(`SELECT ${INDEX_COLUMNS} WHERE c.oid = to_regclass($1)`, [regclassText(q)]);
  return rows[0];
}

const flags = (i: IndexState) => `indisvalid = ${i.valid ? 't' : 'f'}, indisready = ${i.ready ? 't' : 'f'}`;

/**
 * After CREATE INDEX CONCURRENTLY returned: why the index it names is not there and usable,
 * with what to do (`retry`: the command that resumes it), or undefined when it is. `before`
 * (the table's indexes before the statement) finds the index of an unnamed build.
 */
export async function unfinishedBuild(db: Db, s: Extract<IndexStatement, { kind: 'create' }>, before: readonly IndexState[], retry: string): Promise<string | undefined> {
  const after = await indexesOn(db, s.table);
  if (s.index) {
    const built = after.find((i) => i.relname === s.index);
    if (!built) return `index ${s.index} is not on ${regclassText(s.table)} after the statement returned: another relation has that name, and IF NOT EXISTS skipped the build`;
    if (built.valid && built.ready) return undefined;
    const earlier = before.some((i) => i.oid === built.oid);
    return (
      `index ${built.name} is INVALID (${flags(built)}) after the statement returned` +
      (earlier ? ': IF NOT EXISTS passed over the INVALID index an earlier, interrupted build left' : '') +
      `; \`${retry}\` drops it and builds it again`
    );
  }
  const known = new Set(before.map((i) => i.oid));
  const bad = after.filter((i) => !known.has(i.oid) && !(i.valid && i.ready));
  if (bad.length === 0) return undefined;
  return `index ${bad.map((i) => `${i.name} (${flags(i)})`).join(', ')} is INVALID after the statement returned; drop it (DROP INDEX CONCURRENTLY IF EXISTS …), then \`${retry}\``;
}

/** The INVALID indexes a failed or cancelled build left on its table (those not there before it). */
export async function leftByBuild(db: Db, s: Extract<IndexStatement, { kind: 'create' }>, before: readonly IndexState[]): Promise<IndexState[]> {
  const known = new Set(before.map((i) => i.oid));
  return (await indexesOn(db, s.table)).filter((i) => !known.has(i.oid) && !i.valid);
}

export interface Cleanup {
  dropped: string[];
  /** Still there, with why the drop failed. */
  kept: Array<{ name: string; error: string; sqlState?: string }>;
}

/** DROP INDEX CONCURRENTLY IF EXISTS each one (it waits for the table's writers, within lock_timeout). */
export async function dropIndexes(db: Db, names: readonly string[], describe: (err: unknown) => { message: string; sqlState?: string }): Promise<Cleanup> {
  const out: Cleanup = { dropped: [], kept: [] };
  for (const name of names) {
    try {
      await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      out.dropped.push(name);
    } catch (err) {
      const { message, sqlState } = describe(err);
      out.kept.push({ name, error: message, ...(sqlState ? { sqlState } : {}) });
    }
  }
  return out;
}

/** What an index statement that was in flight when its run died did on the server. */
export type ServerOutcome =
  | { done: true }
  | { done: false; invalid?: IndexState }
  /** Not an index statement, or one the catalog cannot answer for (an unnamed build). */
  | undefined;

export async function outcomeOnServer(db: Db, node: Node | undefined): Promise<ServerOutcome> {
  const s = indexStatement(node);
  if (!s) return undefined;
  if (s.kind === 'create') {
    if (!s.index) return undefined;
    const index = (await indexesOn(db, s.table)).find((i) => i.relname === s.index);
    if (!index) return { done: false };
    return index.valid && index.ready ? { done: true } : { done: false, invalid: index };
  }
  const left = (await Promise.all(s.indexes.map((q) => indexNamed(db, q)))).filter((i): i is IndexState => i !== undefined);
  if (left.length === 0) return { done: true };
  const invalid = left.find((i) => !i.valid);
  return invalid ? { done: false, invalid } : { done: false };
}
