// Tables and indexes this section creates: such a table is new and empty, invisible to others
// until commit, so most lock rules do not apply to it. "Created" means PostgreSQL creates it:
// CREATE … IF NOT EXISTS on a relation the schema model already knows is a no-op, and names
// resolve by schema, unqualified ones through the search_path the migration sets.
import type { Node, RangeVar } from '@pgsql/types';
import type { Catalog } from './schema/catalog.js';
import { replayStatement } from './schema/replay.js';
import { DEFAULT_SEARCH_PATH, searchPathAfter } from './schema/search-path.js';

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

/** name → schema → statement index of the first creation. */
type Registry = Map<string, Map<string, number>>;

const isNoted = (registry: Registry, { schema, name }: Creation) => registry.get(name)?.has(schema) === true;

function noteIn(registry: Registry, { schema, name }: Creation, index: number): void {
  const bySchema = registry.get(name);
  if (bySchema) bySchema.set(schema, index);
  else registry.set(name, new Map([[schema, index]]));
}

function forgetIn(registry: Registry, { schema, name }: Creation): void {
  const bySchema = registry.get(name);
  bySchema?.delete(schema);
  if (bySchema?.size === 0) registry.delete(name);
}

interface Creation {
  kind: 'table' | 'index';
  schema: string;
  name: string;
  ifNotExists: boolean;
}

/** What creationOf answers without a catalog when the schema of the index depends on one. */
const NEEDS_CATALOG = 'needs catalog';

/** What `node` creates, its name resolved through `path` (and `catalog`, for an unqualified index's table when the path has several schemas). */
function creationOf(node: Node, path: readonly string[], catalog: Catalog | undefined): Creation | typeof NEEDS_CATALOG | undefined {
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
    // An index lives in its table's schema: with one schema to search, the first.
    if (relation.schemaname || path.length <= 1) return { kind: 'index', schema: relation.schemaname ?? path[0] ?? DEFAULT_SEARCH_PATH[0]!, name: idxname, ifNotExists: if_not_exists === true };
    if (!catalog) return NEEDS_CATALOG;
    const table = resolveInCatalog(catalog, relation.relname, path);
    return { kind: 'index', schema: table ?? path[0]!, name: idxname, ifNotExists: if_not_exists === true };
  }
  return rel?.relname ? { kind: 'table', schema: inPath(rel), name: rel.relname, ifNotExists } : undefined;
}

/** The schema of the search_path where the catalog finds a table of this name. */
function resolveInCatalog(catalog: Catalog, name: string, path: readonly string[]): string | undefined {
  return path.find((schema) => catalog.table({ schema, name }) !== undefined);
}

/**
 * Which CREATE statements of a section create something, noted as analyse replays the section
 * into `catalog`: before each statement (`beforeStatement`) and before each node is replayed
 * (`beforeReplay`), then `end`. Lookups read `catalog` as analyse advances it: a relation found
 * there that this section did not create existed before it. A lookup about a statement after
 * the one being analysed first replays the rest of the section on a fork, once: for most
 * sections the replay analyse does is the only one.
 */
export class SectionCreations implements CreatedObjects {
  private readonly tables: Registry = new Map();
  private readonly indexes: Registry = new Map();
  /** The search_path before each statement noted so far; after the last one too once complete. */
  private readonly paths: (readonly string[])[] = [];
  /** Noting stands at node `position` of statement `next` (0: the statement, then the ones it runs). */
  private next = 0;
  private position = 0;
  private complete = false;

  constructor(
    private readonly nodes: readonly Node[],
    private readonly catalog: Catalog,
    private readonly nested: (index: number) => readonly Node[] = () => [],
  ) {}

  /** `catalog` stands before statement `index`. */
  beforeStatement(index: number): void {
    if (this.complete) return;
    this.paths.push(this.catalog.searchPath);
    this.next = index;
    this.position = 0;
  }

  /** `catalog` stands before `node`, statement `index` or one it runs, is replayed into it. */
  beforeReplay(index: number, node: Node): void {
    if (this.complete) return;
    this.note(index, node, this.catalog);
    this.position++;
  }

  /** The whole section is replayed into `catalog`. */
  end(): void {
    if (this.complete) return;
    this.paths.push(this.catalog.searchPath);
    this.complete = true;
  }

  isTableCreatedEarlier = (relation: RangeVar | undefined, at: number): boolean =>
    this.createdBefore(this.tables, (s, n) => this.catalog.table({ schema: s, name: n }) !== undefined, relation?.schemaname, relation?.relname, at);

  isIndexCreatedEarlier = (schema: string | undefined, name: string, at: number): boolean =>
    this.createdBefore(this.indexes, (s, n) => this.catalog.index(n, s) !== undefined, schema, name, at);

  private note(index: number, node: Node, replayed: Catalog): void {
    const created = creationOf(node, replayed.searchPath, replayed);
    if (!created || created === NEEDS_CATALOG) return;
    const registry = created.kind === 'table' ? this.tables : this.indexes;
    if (!isNoted(registry, created) && !(created.ifNotExists && replayed.relationExists(created.schema, created.name))) noteIn(registry, created, index);
  }

  /**
   * Notes the rest of the section from its statements alone, without replaying them: enough unless
   * a creation there depends on what exists by then (IF NOT EXISTS of a name not created earlier,
   * an unqualified index with several schemas to search). Then it notes nothing and answers false.
   */
  private completeWithoutCatalog(): boolean {
    const begun = this.paths.length;
    const added: [Registry, Creation][] = [];
    const undo = () => {
      for (const [registry, created] of added) forgetIn(registry, created);
      this.paths.length = begun;
      return false;
    };
    let path = this.catalog.searchPath;
    for (let index = this.next, from = this.position; index < this.nodes.length; index++, from = 0) {
      if (this.paths.length === index) this.paths.push(path);
      const nodes = [this.nodes[index]!, ...this.nested(index)];
      for (let n = from; n < nodes.length; n++) {
        const created = creationOf(nodes[n]!, path, undefined);
        path = searchPathAfter(nodes[n]!) ?? path;
        if (!created) continue;
        if (created === NEEDS_CATALOG) return undo();
        const registry = created.kind === 'table' ? this.tables : this.indexes;
        if (isNoted(registry, created)) continue;
        if (created.ifNotExists) return undo();
        noteIn(registry, created, index);
        added.push([registry, created]);
      }
    }
    this.paths.push(path);
    this.complete = true;
    return true;
  }

  /** Notes the rest of the section, replaying it on a fork of `catalog` (which stands where noting does) when it must. */
  private completeFrom(catalog: Catalog): void {
    if (this.completeWithoutCatalog()) return;
    const replayed = catalog.fork();
    for (let index = this.next, from = this.position; index < this.nodes.length; index++, from = 0) {
      if (this.paths.length === index) this.paths.push(replayed.searchPath);
      const nodes = [this.nodes[index]!, ...this.nested(index)];
      for (const node of nodes.slice(from)) {
        this.note(index, node, replayed);
        replayStatement(replayed, node);
      }
    }
    this.paths.push(replayed.searchPath);
    this.complete = true;
  }

  /** Searches like PostgreSQL: a qualified name in its schema, else pg_temp then the search_path; the first schema holding the name decides. */
  private createdBefore(registry: Registry, existed: (schema: string, name: string) => boolean, schema: string | undefined, name: string | undefined, at: number): boolean {
    if (!name) return false;
    if (!this.complete && at >= this.paths.length) this.completeFrom(this.catalog);
    // A name the section never creates was not created earlier, wherever it resolves.
    const created = registry.get(name);
    if (!created) return false;
    if (schema) return (created.get(schema) ?? at) < at;
    const { paths } = this;
    const path = paths[Math.min(at, paths.length - 1)] ?? DEFAULT_SEARCH_PATH;
    for (let i = -1; i < path.length; i++) {
      const s = i < 0 ? TEMP_SCHEMA : path[i]!;
      if ((created.get(s) ?? at) < at) return true;
      if (existed(s, name)) return false;
    }
    return false;
  }
}
