// The offline catalog: one store per migrations directory that replay advances statement by
// statement; rules read it through CatalogView. fork() costs nothing: the fork reads through
// to this catalog and copies a record the first time it changes it (copy-on-write).
import type { CatalogView, EnumInfo, TableInfo, TableRef } from './model.js';
import { DEFAULT_SCHEMA, Namespace } from './namespace.js';
import { DEFAULT_SEARCH_PATH } from './search-path.js';
import { EMPTY_RUN, type RunCarry } from '../run.js';
import type { TableEvent } from './events.js';
import { referenceable, refName, rekeyEntry, someColumn, someConstraint, type ColumnState, type ConstraintState, type DomainState, type EnumState, type FunctionState, type IndexState, type TableState } from './state.js';

export type { ColumnState, ConstraintState, DomainState, EnumState, FunctionState, IndexState, TableState } from './state.js';
export { referenceable, refName, rekeyEntry, someColumn, someConstraint } from './state.js';

export interface CatalogRecords {
  tables: TableState[];
  indexes: [IndexState, TableState | undefined][];
  enums: EnumState[];
  functions: FunctionState[];
  domains: DomainState[];
  run: RunCarry;
}

/** The catalog that created or copied a record: only that one may change it (a symbol key: v8.serialize leaves it out). */
const OWNER = Symbol('catalog');
type Owned = { [OWNER]?: Catalog };

export class Catalog implements CatalogView {
  private readonly tableStore: Namespace<TableState>;
  private readonly indexStore: Namespace<IndexState>;
  private readonly enumStore: Namespace<EnumState>;
  private readonly functionStore: Namespace<FunctionState>;
  private readonly domainStore: Namespace<DomainState>;
  /** The table each index is on (records of this layer; the parent knows its own). */
  private readonly indexOwner = new Map<IndexState, TableState>();
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

  constructor(private readonly parent?: Catalog) {
    this.depth = parent ? parent.depth + 1 : 0;
    this.searchPath = parent?.searchPath ?? DEFAULT_SEARCH_PATH;
    this.run = parent?.run ?? EMPTY_RUN;
    this.tableStore = new Namespace(parent?.tableStore);
    this.indexStore = new Namespace(parent?.indexStore);
    this.enumStore = new Namespace(parent?.enumStore);
    this.functionStore = new Namespace(parent?.functionStore);
    this.domainStore = new Namespace(parent?.domainStore);
  }

  private ownerOf(index: IndexState): TableState | undefined {
    return this.indexOwner.get(index) ?? this.parent?.ownerOf(index);
  }

  // ---- CatalogView (reads) -----------------------------------------------------------------

  table(ref: TableRef): TableState | undefined {
    const n = refName(ref);
    if (!n) return undefined;
    if (n.schema === undefined && this.searchPath !== DEFAULT_SEARCH_PATH) {
      for (const schema of this.searchPath) {
        const found = this.tableStore.get(n.name, schema);
        if (found) return found;
      }
    }
    return this.tableStore.get(n.name, n.schema);
  }

  column(ref: TableRef, column: string) {
    return this.table(ref)?.columns.get(column);
  }

  index(name: string, schema?: string): { index: IndexState; table: TableState } | undefined {
    const index = this.indexStore.get(name, schema);
    const table = index && this.ownerOf(index);
    return index && table ? { index, table } : undefined;
  }

  enumType(name: string, schema?: string): EnumState | undefined {
    return this.enumStore.get(name, schema);
  }

  function(name: string, schema?: string): FunctionState | undefined {
    return this.functionStore.get(name, schema);
  }

  domain(name: string, schema?: string): DomainState | undefined {
    return this.domainStore.get(name, schema);
  }

  tables(): Iterable<TableInfo> {
    return this.tableStore.values();
  }

  enumTypes(): Iterable<EnumInfo> {
    return this.enumStore.values();
  }

  /** Is a relation (table or index) of this name in the schema? Generated names must avoid it. */
  relationExists(schema: string, name: string): boolean {
    return this.tableStore.get(name, schema) !== undefined || this.indexStore.get(name, schema) !== undefined;
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
    this.tableStore.mergeIntoParent();
    this.indexStore.mergeIntoParent();
    this.enumStore.mergeIntoParent();
    this.functionStore.mergeIntoParent();
    this.domainStore.mergeIntoParent();
    for (const [index, table] of this.indexOwner) parent.indexOwner.set(index, table);
    parent.searchPath = this.searchPath;
    parent.run = this.run;
    return parent;
  }

  /** Whether this fork's own records say anything its parent's do not (a copy left equal does not count). */
  differsFromParent(): boolean {
    const stores: Namespace<object & { schema: string; name: string }>[] = [this.tableStore, this.indexStore, this.enumStore, this.functionStore, this.domainStore];
    for (const store of stores) {
      for (const { before, after } of store.changes()) {
        // A record added or removed differs without comparing texts (a record's text is never "null").
        if (before === undefined || after === undefined ? before !== after : recordsDiffer(before, after)) return true;
      }
    }
    return false;
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
    return {
      tables: [...this.tableStore.values()],
      indexes: [...this.indexStore.values()].map((index) => [index, this.ownerOf(index)]),
      enums: [...this.enumStore.values()],
      functions: [...this.functionStore.values()],
      domains: [...this.domainStore.values()],
      run: this.run,
    };
  }

  /** The catalog flatten() gives, from records() read back. */
  static fromRecords(records: CatalogRecords): Catalog {
    const flat = new Catalog();
    flat.run = records.run;
    for (const table of records.tables) flat.tableStore.add(table);
    for (const [index, owner] of records.indexes) {
      flat.indexStore.add(index);
      if (owner) flat.indexOwner.set(index, owner);
    }
    for (const e of records.enums) flat.enumStore.add(e);
    for (const f of records.functions) flat.functionStore.add(f);
    for (const d of records.domains) flat.domainStore.add(d);
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
    const copy = this.stamp({
      ...table,
      columns: new Map([...table.columns].map(([k, c]) => [k, { ...c }])),
      constraints: new Map([...table.constraints].map(([k, c]) => [k, { ...c }])),
      indexes: new Map<string, IndexState>(),
    });
    this.tableStore.replace(table, copy);
    for (const [key, index] of table.indexes) {
      const mine = { ...index };
      copy.indexes.set(key, mine);
      this.indexStore.replace(index, mine);
      this.indexOwner.delete(index);
      this.indexOwner.set(mine, copy);
    }
    return copy;
  }

  /** The table a reference names, writable; undefined when unknown. */
  writableTable(ref: TableRef): TableState | undefined {
    const table = this.table(ref);
    return table && this.ownTable(table);
  }

  writableEnum(name: string, schema?: string): EnumState | undefined {
    const e = this.enumStore.get(name, schema);
    if (!e || this.owns(e)) return e;
    const copy = this.stamp({ ...e, values: [...e.values] });
    this.enumStore.replace(e, copy);
    return copy;
  }

  writableDomain(name: string, schema?: string): DomainState | undefined {
    const d = this.domainStore.get(name, schema);
    if (!d || this.owns(d)) return d;
    const copy = this.stamp({ ...d, checks: [...d.checks] });
    this.domainStore.replace(d, copy);
    return copy;
  }

  writableFunction(name: string, schema?: string): FunctionState | undefined {
    const f = this.functionStore.get(name, schema);
    if (!f || this.owns(f)) return f;
    const copy = this.stamp({ ...f });
    this.functionStore.replace(f, copy);
    return copy;
  }

  /** Applies `change` to every table that `needs` it, owning those first. */
  updateTables(needs: (table: TableState) => boolean, change: (table: TableState) => void): void {
    const targets: TableState[] = [];
    for (const table of this.tableStore.values()) if (needs(table)) targets.push(table);
    for (const table of targets) change(this.ownTable(table));
  }

  // ---- tables and indexes ------------------------------------------------------------------

  /** A new empty table; one of the same name in that schema is dropped first. */
  createTable(schema: string | undefined, name: string, columnsKnown = true): TableState {
    const table = this.stamp<TableState>({ schema: schema ?? this.searchPath[0] ?? DEFAULT_SCHEMA, name, columnsKnown, columns: new Map(), constraints: new Map(), indexes: new Map() });
    const existing = this.tableStore.get(name, table.schema);
    if (existing) this.dropTable(existing);
    this.tableStore.add(table);
    return table;
  }

  /** Drops the table, its indexes, and the foreign keys of other tables that reference it. */
  dropTable(table: TableState): void {
    for (const index of table.indexes.values()) this.forgetIndex(index);
    this.tableStore.delete(table);
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
    this.tableStore.rekey(table, schema, name);
    this.tableEvents?.push({ event: 'table-renamed', table: `${from.schema}.${from.table}`, to: `${schema}.${name}` });
    if (schema !== from.schema) for (const index of table.indexes.values()) this.indexStore.rekey(index, schema, index.name);
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
    const previous = this.indexStore.get(index.name, index.schema);
    if (previous) this.dropIndex(previous);
    this.indexStore.add(index);
    table.indexes.set(index.name, index);
    this.indexOwner.set(index, table);
    this.indexEvents?.push({ change: 'added', schema: table.schema, table: table.name, index });
  }

  /** Drops an index and the constraint it backs. */
  dropIndex(ref: IndexState): void {
    const owner = this.ownerOf(ref);
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
    const owner = this.ownerOf(ref);
    if (!owner) return;
    const table = this.ownTable(owner);
    const index = table.indexes.get(ref.name);
    if (!index) return;
    rekeyEntry(table.indexes, index.name, name);
    this.indexStore.rekey(index, index.schema, name);
    const constraint = index.constraint ? table.constraints.get(index.constraint) : undefined;
    if (constraint) {
      rekeyEntry(table.constraints, constraint.name, name);
      constraint.name = name;
      constraint.index = name;
      index.constraint = name;
    }
  }

  private forgetIndex(index: IndexState): void {
    this.indexStore.delete(index);
    this.indexOwner.delete(index);
  }

  // ---- types, functions, schemas -----------------------------------------------------------

  addEnum(e: EnumState): void {
    this.enumStore.add(this.stamp(e));
  }

  dropEnum(e: EnumState): void {
    this.enumStore.delete(e);
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
    this.enumStore.rekey(e, schema, name);
  }

  addDomain(d: DomainState): void {
    this.domainStore.add(this.stamp(d));
  }

  dropDomain(d: DomainState): void {
    this.domainStore.delete(d);
  }

  addFunction(f: FunctionState): void {
    this.functionStore.add(this.stamp(f));
  }

  dropFunction(f: FunctionState): void {
    this.functionStore.delete(f);
  }

  moveFunction(ref: FunctionState, schema: string, name: string): void {
    const f = this.writableFunction(ref.name, ref.schema);
    if (f) this.functionStore.rekey(f, schema, name);
  }

  dropSchema(schema: string): void {
    for (const table of this.tableStore.inSchema(schema)) this.dropTable(table);
    for (const e of this.enumStore.inSchema(schema)) this.enumStore.delete(e);
    for (const f of this.functionStore.inSchema(schema)) this.functionStore.delete(f);
    for (const d of this.domainStore.inSchema(schema)) this.domainStore.delete(d);
  }

  renameSchema(schema: string, to: string): void {
    for (const table of this.tableStore.inSchema(schema)) this.moveTable(table, to, table.name);
    for (const e of this.enumStore.inSchema(schema)) this.moveEnum(e, to, e.name);
    for (const f of this.functionStore.inSchema(schema)) this.moveFunction(f, to, f.name);
  }
}

/** Whether two records' texts differ: a map of another size (a column or index added) settles it without them. */
function recordsDiffer(before: object, after: object): boolean {
  for (const [key, value] of Object.entries(after)) {
    const was: unknown = (before as Record<string, unknown>)[key];
    if (value instanceof Map && was instanceof Map && value.size !== was.size) return true;
  }
  return recordText(before) !== recordText(after);
}

/** A record as comparable text: its maps as entry lists, in order. */
function recordText(record: object | undefined): string {
  return JSON.stringify(record ?? null, (_key, value: unknown) => (value instanceof Map ? [...value] : value));
}
