// The catalog's records in their namespaces, as one layer over the layer it forked: what it
// changed (differsFromParent), moving those changes down (mergeIntoParent), and all of it as
// plain data (records / fromRecords).
import { Namespace } from './namespace.js';
import type { DomainState, EnumState, FunctionState, IndexState, TableState } from './state.js';

/** The records of a catalog flattened to one layer: v8.serialize keeps a record shared between stores shared. */
export interface StoredRecords {
  tables: TableState[];
  indexes: [IndexState, TableState | undefined][];
  enums: EnumState[];
  functions: FunctionState[];
  domains: DomainState[];
}

export class CatalogStores {
  readonly tables: Namespace<TableState>;
  readonly indexes: Namespace<IndexState>;
  readonly enums: Namespace<EnumState>;
  readonly functions: Namespace<FunctionState>;
  readonly domains: Namespace<DomainState>;
  /** The table each index is on (records of this layer; the parent knows its own). */
  readonly indexOwner = new Map<IndexState, TableState>();

  constructor(readonly parent?: CatalogStores) {
    this.tables = new Namespace(parent?.tables);
    this.indexes = new Namespace(parent?.indexes);
    this.enums = new Namespace(parent?.enums);
    this.functions = new Namespace(parent?.functions);
    this.domains = new Namespace(parent?.domains);
  }

  ownerOf(index: IndexState): TableState | undefined {
    return this.indexOwner.get(index) ?? this.parent?.ownerOf(index);
  }

  /** Moves this layer's changes into its parent, which then reads as this layer did (see Catalog.mergeIntoParent). */
  mergeIntoParent(): void {
    const parent = this.parent!;
    this.tables.mergeIntoParent();
    this.indexes.mergeIntoParent();
    this.enums.mergeIntoParent();
    this.functions.mergeIntoParent();
    this.domains.mergeIntoParent();
    for (const [index, table] of this.indexOwner) parent.indexOwner.set(index, table);
  }

  /** Whether this layer's own records say anything its parent's do not (a copy left equal does not count). */
  differsFromParent(): boolean {
    const stores: Namespace<object & { schema: string; name: string }>[] = [this.tables, this.indexes, this.enums, this.functions, this.domains];
    for (const store of stores) {
      for (const { before, after } of store.changes()) {
        // A record added or removed differs without comparing texts (a record's text is never "null").
        if (before === undefined || after === undefined ? before !== after : recordsDiffer(before, after)) return true;
      }
    }
    return false;
  }

  /** Every record this layer reads, parents' included, in read order. */
  records(): StoredRecords {
    return {
      tables: [...this.tables.values()],
      indexes: [...this.indexes.values()].map((index) => [index, this.ownerOf(index)]),
      enums: [...this.enums.values()],
      functions: [...this.functions.values()],
      domains: [...this.domains.values()],
    };
  }

  /** One layer holding `records`, as records() gave them. */
  static fromRecords(records: StoredRecords): CatalogStores {
    const flat = new CatalogStores();
    for (const table of records.tables) flat.tables.add(table);
    for (const [index, owner] of records.indexes) {
      flat.indexes.add(index);
      if (owner) flat.indexOwner.set(index, owner);
    }
    for (const e of records.enums) flat.enums.add(e);
    for (const f of records.functions) flat.functions.add(f);
    for (const d of records.domains) flat.domains.add(d);
    return flat;
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
