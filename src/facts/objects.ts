// Tables and indexes this section creates: such a table is new and empty, invisible to others
// until commit, so most lock rules do not apply to it. "Created" means PostgreSQL creates it:
// CREATE … IF NOT EXISTS on a relation the schema model already knows is a no-op, and names
// resolve by schema, unqualified ones through the search_path the migration sets.
import type { Node, RangeVar } from '@pgsql/types';
import type { Catalog } from './schema/catalog.js';
import { replayStatement } from './schema/replay.js';
import { DEFAULT_SEARCH_PATH } from './schema/search-path.js';

/** The tables of a statement's relation list (TRUNCATE a, b; LOCK a, b) that existed before it. */
export function existingRelations(relations: readonly Node[] | undefined, created: CreatedObjects, beforeStatement: number): RangeVar[] {
  return (relations ?? []).flatMap((r) => ('RangeVar' in r && !created.isTableCreatedEarlier(r.RangeVar, beforeStatement) ? [r.RangeVar] : []));
}

export interface CreatedObjects {
  isTableCreatedEarlier(relation: RangeVar | undefined, beforeStatement: number): boolean;
  isIndexCreatedEarlier(schema: string | undefined, name: string, beforeStatement: number): boolean;
}

/** Temporary tables live in the session's own schema, searched before the search_path. */
const TEMP_SCHEMA = 'pg_temp';

/** schema.name → statement index of the first creation. */
type Registry = Map<string, number>;

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

interface Creation {
  kind: 'table' | 'index';
  schema: string;
  name: string;
  ifNotExists: boolean;
}

function creationOf(node: Node, path: readonly string[], catalog: Catalog): Creation | undefined {
  const inPath = (rel: RangeVar) => (rel.relpersistence === 't' ? TEMP_SCHEMA : (rel.schemaname ?? path[0] ?? DEFAULT_SEARCH_PATH[0]!));
  let rel: RangeVar | undefined;
  let ifNotExists = false;
  if ('CreateStmt' in node) ({ relation: rel, if_not_exists: ifNotExists = false } = node.CreateStmt);
  else if ('CreateTableAsStmt' in node) {
    // Tables and materialized views.
    rel = node.CreateTableAsStmt.into?.rel;
    ifNotExists = node.CreateTableAsStmt.if_not_exists === true;
  } else if ('SelectStmt' in node) rel = node.SelectStmt.intoClause?.rel;
  else if ('IndexStmt' in node) {
    const { relation, idxname, if_not_exists } = node.IndexStmt;
    if (!relation?.relname || !idxname) return undefined;
    // An index lives in its table's schema.
    const table = relation.schemaname ? undefined : resolveInCatalog(catalog, relation.relname, path);
    return { kind: 'index', schema: relation.schemaname ?? table ?? path[0] ?? DEFAULT_SEARCH_PATH[0]!, name: idxname, ifNotExists: if_not_exists === true };
  }
  return rel?.relname ? { kind: 'table', schema: inPath(rel), name: rel.relname, ifNotExists } : undefined;
}

/** The schema of the search_path where the catalog finds a table of this name. */
function resolveInCatalog(catalog: Catalog, name: string, path: readonly string[]): string | undefined {
  return path.find((schema) => catalog.table({ schema, name }) !== undefined);
}

/**
 * Replays the section on a fork of `catalog` (as it stands before the section) to see which
 * CREATE statements create something; `nested(i)` gives the statements run by statement `i`
 * (a DO block, a called routine). Later lookups read `catalog` as analyse advances it: a
 * relation found there that this section did not create existed before it.
 */
export function createdObjects(nodes: readonly Node[], catalog: Catalog, nested: (index: number) => readonly Node[] = () => []): CreatedObjects {
  const tables: Registry = new Map();
  const indexes: Registry = new Map();
  const paths: (readonly string[])[] = [];
  const replayed = catalog.fork();
  nodes.forEach((top, index) => {
    paths.push(replayed.searchPath);
    for (const node of [top, ...nested(index)]) {
      const created = creationOf(node, replayed.searchPath, replayed);
      if (created) {
        const exists = replayed.relationExists(created.schema, created.name);
        const registry = created.kind === 'table' ? tables : indexes;
        const k = key(created.schema, created.name);
        if (!(created.ifNotExists && exists) && !registry.has(k)) registry.set(k, index);
      }
      replayStatement(replayed, node);
    }
  });
  paths.push(replayed.searchPath);

  /** Searches like PostgreSQL: a qualified name in its schema, else pg_temp then the search_path; the first schema holding the name decides. */
  const createdBefore = (registry: Registry, existed: (schema: string, name: string) => boolean, schema: string | undefined, name: string | undefined, at: number): boolean => {
    if (!name) return false;
    const schemas = schema ? [schema] : [TEMP_SCHEMA, ...(paths[Math.min(at, paths.length - 1)] ?? DEFAULT_SEARCH_PATH)];
    for (const s of schemas) {
      const createdAt = registry.get(key(s, name));
      if (createdAt !== undefined && createdAt < at) return true;
      if (existed(s, name)) return false;
    }
    return false;
  };
  return {
    isTableCreatedEarlier: (relation, at) => createdBefore(tables, (s, n) => catalog.table({ schema: s, name: n }) !== undefined, relation?.schemaname, relation?.relname, at),
    isIndexCreatedEarlier: (schema, name, at) => createdBefore(indexes, (s, n) => catalog.index(n, s) !== undefined, schema, name, at),
  };
}
