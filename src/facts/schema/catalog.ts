// The offline catalog: one store per migrations directory that replay advances statement by
// statement; rules read it through CatalogView. fork() costs nothing: the fork reads through
// to this catalog and copies a record the first time it changes it (copy-on-write).
import type { CatalogView, EnumInfo, TableInfo, TableRef } from './model.js';
import { DEFAULT_SCHEMA } from './namespace.js';
import { CatalogStores, type StoredRecords } from './catalog-stores.js';
import { DEFAULT_SEARCH_PATH } from './search-path.js';
import { EMPTY_RUN, type RunCarry } from '../run.js';
import type { TableEvent } from './events.js';
import { referenceable, refName, rekeyEntry, someColumn, someConstraint, type ColumnState, type ConstraintState, type DomainState, type EnumState, type FunctionState, type IndexState, type TableState } from './state.js';

export type { ColumnState, ConstraintState, DomainState, EnumState, FunctionState, IndexState, TableState } from './state.js';
export { referenceable, refName, rekeyEntry, someColumn, someConstraint } from './state.js';

export interface CatalogRecords extends StoredRecords {
  run: RunCarry;
}

/** The catalog that created or copied a record: only that one may change it (a symbol key: v8.serialize leaves it out). */
const OWNER = Symbol('catalog');
type Owned = { [OWNER]?: Catalog };

export class Catalog implements CatalogView {
  private readonly stores: CatalogStores;
  /** How many catalogs a read may walk through: 0 for one without a parent. */
  readonly depth: number;
  /** Where unqualified tables are created and searched first: the search_path the section being replayed set. */
  searchPath: readonly string[];
  /** What a whole run's open transaction carries into the next migration (replaced, never changed in place). */
  run: RunCarry;
  /**
   * While set, every index added or dropped is appended, in order, with its table's name at that
   * moment (a fork does not inherit it): a drop then a create of one name leaves the new index.
   */
  indexEvents: { change: 'added' | 'dropped'; schema: string; table: string; index: IndexState }[] | undefined;
  /** While set, the table events of src/facts/schema/events.ts are appended, in order (a fork does not inherit it). */
  tableEvents: TableEvent[] | undefined;

  constructor(
    private readonly parent?: Catalog,
    stores = new CatalogStores(parent?.stores),
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
    this.searchPath = parent?.searchPath ?? DEFAULT_SEARCH_PATH;
    this.run = parent?.run ?? EMPTY_RUN;
    this.stores = stores;
  }

  // ---- CatalogView (reads) -----------------------------------------------------------------

  table(ref: TableRef): TableState | undefined {
    const n = refName(ref);
    if (!n) return undefined;
    if (n.schema === undefined && this.searchPath !== DEFAULT_SEARCH_PATH) {
      for (const schema of this.searchPath) {
        const found = this.stores.tables.get(n.name, schema);
        if (found) return found;
      }
    }
    return this.stores.tables.get(n.name, n.schema);
  }

  column(ref: TableRef, column: string) {
    return this.table(ref)?.columns.get(column);
  }

  index(name: string, schema?: string): { index: IndexState; table: TableState } | undefined {
    const index = this.stores.indexes.get(name, schema);
    const table = index && this.stores.ownerOf(index);
    return index && table ? { index, table } : undefined;
  }

  enumType(name: string, schema?: string): EnumState | undefined {
    return this.stores.enums.get(name, schema);
  }

  function(name: string, schema?: string): FunctionState | undefined {
    return this.stores.functions.get(name, schema);
  }

  domain(name: string, schema?: string): DomainState | undefined {
    return this.stores.domains.get(name, schema);
  }

  tables(): Iterable<TableInfo> {
    return this.stores.tables.values();
  }

  enumTypes(): Iterable<EnumInfo> {
    return this.stores.enums.values();
  }

  /** Is a relation (table or index) of this name in the schema? Generated names must avoid it. */
  relationExists(schema: string, name: string): boolean {
    return this.stores.tables.get(name, schema) !== undefined || this.stores.indexes.get(name, schema) !== undefined;
  }

  // ---- copy-on-write -----------------------------------------------------------------------

  /**
   * A catalog that starts as this one and then changes on its own (a down section replays into
   * a fork of the catalog after its up). This catalog must not change while the fork is in use.
   */
  fork(): Catalog {
    return new Catalog(this);
  }

  /**
   * Moves this fork's changes into the catalog it forked, which nothing else reads through or keeps
   * (no other fork in use, not kept): that catalog then reads as this one, and is returned. Records
   * stay owned by this fork, so the parent copies one before changing it.
   */
  mergeIntoParent(): Catalog {
    const parent = this.parent!;
    this.stores.mergeIntoParent();
    parent.searchPath = this.searchPath;
    parent.run = this.run;
    return parent;
  }

  /** Whether this fork's own records say anything its parent's do not (a copy left equal does not count). */
  differsFromParent(): boolean {
    return this.stores.differsFromParent();
  }

  /**
   * The same catalog in one layer, sharing the records and owning none of them (it copies a
   * record before changing it, as a fork does). Every read of a fork walks its chain of parents,
   * so a catalog kept and forked again and again (the language server's checkpoints) is
   * flattened now and then. This catalog must not change any more.
   */
  flatten(): Catalog {
    return Catalog.fromRecords(this.records());
  }

  /**
   * The records of flatten() as plain data, for a catalog kept on disk (`lint --cache`):
   * v8.serialize keeps a record shared between stores shared. This catalog must not change any more.
   */
  records(): CatalogRecords {
    return { ...this.stores.records(), run: this.run };
  }

  /** The catalog flatten() gives, from records() read back. */
  static fromRecords(records: CatalogRecords): Catalog {
    const flat = new Catalog(undefined, CatalogStores.fromRecords(records));
    flat.run = records.run;
    return flat;
  }

  private stamp<T extends object>(record: T): T {
    (record as Owned)[OWNER] = this;
    return record;
  }

  private owns(record: object): boolean {
    return (record as Owned)[OWNER] === this;
  }

  /** The table as a record this catalog may change (with its columns, constraints and indexes). */
  ownTable(table: TableState): TableState {
    if (this.owns(table)) return table;
    const columns = new Map<string, ColumnState>();
    table.columns.forEach((c, k) => columns.set(k, { ...c }));
    const constraints = new Map<string, ConstraintState>();
    table.constraints.forEach((c, k) => constraints.set(k, { ...c }));
    const copy = this.stamp({ ...table, columns, constraints, indexes: new Map<string, IndexState>() });
    this.stores.tables.replace(table, copy);
    for (const [key, index] of table.indexes) {
      const mine = { ...index };
      copy.indexes.set(key, mine);
      this.stores.indexes.replace(index, mine);
      this.stores.indexOwner.delete(index);
      this.stores.indexOwner.set(mine, copy);
    }
    return copy;
  }

  /** The table a reference names, writable; undefined when unknown. */
  writableTable(ref: TableRef): TableState | undefined {
    const table = this.table(ref);
    return table && this.ownTable(table);
  }

  writableEnum(name: string, schema?: string): EnumState | undefined {
    const e = this.stores.enums.get(name, schema);
    if (!e || this.owns(e)) return e;
    const copy = this.stamp({ ...e, values: [...e.values] });
    this.stores.enums.replace(e, copy);
    return copy;
  }

  writableDomain(name: string, schema?: string): DomainState | undefined {
    const d = this.stores.domains.get(name, schema);
    if (!d || this.owns(d)) return d;
    const copy = this.stamp({ ...d, checks: [...d.checks] });
    this.stores.domains.replace(d, copy);
    return copy;
  }

  writableFunction(name: string, schema?: string): FunctionState | undefined {
    const f = this.stores.functions.get(name, schema);
    if (!f || this.owns(f)) return f;
    const copy = this.stamp({ ...f });
    this.stores.functions.replace(f, copy);
    return copy;
  }

  /** Applies `change` to every table that `needs` it, owning those first. */
  updateTables(needs: (table: TableState) => boolean, change: (table: TableState) => void): void {
    const targets: TableState[] = [];
    for (const table of this.stores.tables.values()) if (needs(table)) targets.push(table);
    for (const table of targets) change(this.ownTable(table));
  }

  // ---- tables and indexes ------------------------------------------------------------------

  /** A new empty table; one of the same name in that schema is dropped first. */
  createTable(schema: string | undefined, name: string, columnsKnown = true): TableState {
    const table = this.stamp<TableState>({ schema: schema ?? this.searchPath[0] ?? DEFAULT_SCHEMA, name, columnsKnown, columns: new Map(), constraints: new Map(), indexes: new Map() });
    const existing = this.stores.tables.get(name, table.schema);
    if (existing) this.dropTable(existing);
    this.stores.tables.add(table);
    return table;
  }

  /** Drops the table, its indexes, and the foreign keys of other tables that reference it. */
  dropTable(table: TableState): void {
    for (const index of table.indexes.values()) this.forgetIndex(index);
    this.stores.tables.delete(table);
    if (this.tableEvents) {
      for (const c of table.constraints.values()) this.foreignKeyDropped(table, c);
      this.tableEvents.push({ event: 'table-dropped', table: `${table.schema}.${table.name}` });
    }
    // Views reading it go with it (CASCADE; without it the drop fails).
    const views = new Set((table.readBy ?? []).map((d) => d.name));
    if (views.size > 0) {
      this.updateTables(
        (other) => other.readBy?.some((d) => views.has(d.name)) === true,
        (other) => {
          other.readBy = other.readBy?.filter((d) => !views.has(d.name));
        },
      );
    }
    if (!referenceable(table)) return;
    const references = (c: ConstraintState) => c.references?.schema === table.schema && c.references.table === table.name;
    this.updateTables(
      (other) => someConstraint(other, references),
      (other) => {
        for (const [name, c] of other.constraints) {
          if (!references(c)) continue;
          other.constraints.delete(name);
          this.foreignKeyDropped(other, c);
        }
      },
    );
  }

  /** Records the drop of a constraint of `table` when it is a foreign key (tableEvents). */
  foreignKeyDropped(table: TableState, c: ConstraintState): void {
    if (c.kind === 'foreign-key') this.tableEvents?.push({ event: 'foreign-key-dropped', table: `${table.schema}.${table.name}`, name: c.name });
  }

  /** Renames and/or moves a table; its indexes follow it to a new schema; references follow the name. */
  moveTable(ref: TableState, schema: string, name: string): void {
    const table = this.ownTable(ref);
    const from = { schema: table.schema, table: table.name };
    this.stores.tables.rekey(table, schema, name);
    this.tableEvents?.push({ event: 'table-renamed', table: `${from.schema}.${from.table}`, to: `${schema}.${name}` });
    if (schema !== from.schema) for (const index of table.indexes.values()) this.stores.indexes.rekey(index, schema, index.name);
    if (!referenceable(table)) return;
    const references = (c: ConstraintState) => c.references?.schema === from.schema && c.references.table === from.table;
    this.updateTables(
      (other) => someConstraint(other, references),
      (other) => {
        for (const c of other.constraints.values()) if (c.references && references(c)) c.references = { ...c.references, schema, table: name };
      },
    );
  }

  /** Adds an index to a table this catalog owns (from writableTable / createTable). */
  addIndex(table: TableState, index: IndexState): void {
    const previous = this.stores.indexes.get(index.name, index.schema);
    if (previous) this.dropIndex(previous);
    this.stores.indexes.add(index);
    table.indexes.set(index.name, index);
    this.stores.indexOwner.set(index, table);
    this.indexEvents?.push({ change: 'added', schema: table.schema, table: table.name, index });
  }

  /** Drops an index and the constraint it backs. */
  dropIndex(ref: IndexState): void {
    const owner = this.stores.ownerOf(ref);
    if (!owner) return this.forgetIndex(ref);
    const table = this.ownTable(owner);
    const index = table.indexes.get(ref.name) ?? ref;
    this.indexEvents?.push({ change: 'dropped', schema: table.schema, table: table.name, index: ref });
    this.forgetIndex(index);
    table.indexes.delete(index.name);
    if (index.constraint) table.constraints.delete(index.constraint);
  }

  /** Renames an index and the constraint it backs (PostgreSQL keeps the two names equal). */
  renameIndex(ref: IndexState, name: string): void {
    const owner = this.stores.ownerOf(ref);
    if (!owner) return;
    const table = this.ownTable(owner);
    const index = table.indexes.get(ref.name);
    if (!index) return;
    rekeyEntry(table.indexes, index.name, name);
    this.stores.indexes.rekey(index, index.schema, name);
    const constraint = index.constraint ? table.constraints.get(index.constraint) : undefined;
    if (constraint) {
      rekeyEntry(table.constraints, constraint.name, name);
      constraint.name = name;
      constraint.index = name;
      index.constraint = name;
    }
  }

  private forgetIndex(index: IndexState): void {
    this.stores.indexes.delete(index);
    this.stores.indexOwner.delete(index);
  }

  // ---- types, functions, schemas -----------------------------------------------------------

  addEnum(e: EnumState): void {
    this.stores.enums.add(this.stamp(e));
  }

  dropEnum(e: EnumState): void {
    this.stores.enums.delete(e);
  }

  /** Renames and/or moves an enum type; columns of that type follow. */
  moveEnum(ref: EnumState, schema: string, name: string): void {
    const e = this.writableEnum(ref.name, ref.schema);
    if (!e) return;
    const ofType = (column: ColumnState) => column.type.name === e.name && (column.type.schema ?? DEFAULT_SCHEMA) === e.schema;
    this.updateTables(
      (table) => someColumn(table, ofType),
      (table) => {
        for (const column of table.columns.values()) {
          if (ofType(column)) column.type = { ...column.type, name, ...(column.type.schema !== undefined || schema !== DEFAULT_SCHEMA ? { schema } : {}) };
        }
      },
    );
    this.stores.enums.rekey(e, schema, name);
  }

  addDomain(d: DomainState): void {
    this.stores.domains.add(this.stamp(d));
  }

  dropDomain(d: DomainState): void {
    this.stores.domains.delete(d);
  }

  addFunction(f: FunctionState): void {
    this.stores.functions.add(this.stamp(f));
  }

  dropFunction(f: FunctionState): void {
    this.stores.functions.delete(f);
  }

  moveFunction(ref: FunctionState, schema: string, name: string): void {
    const f = this.writableFunction(ref.name, ref.schema);
    if (f) this.stores.functions.rekey(f, schema, name);
  }

  dropSchema(schema: string): void {
    for (const table of this.stores.tables.inSchema(schema)) this.dropTable(table);
    for (const e of this.stores.enums.inSchema(schema)) this.stores.enums.delete(e);
    for (const f of this.stores.functions.inSchema(schema)) this.stores.functions.delete(f);
    for (const d of this.stores.domains.inSchema(schema)) this.stores.domains.delete(d);
  }

  renameSchema(schema: string, to: string): void {
    for (const table of this.stores.tables.inSchema(schema)) this.moveTable(table, to, table.name);
    for (const e of this.stores.enums.inSchema(schema)) this.moveEnum(e, to, e.name);
    for (const f of this.stores.functions.inSchema(schema)) this.moveFunction(f, to, f.name);
  }
}
