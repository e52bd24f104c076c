// Schema-qualified objects keyed by (schema, name), with lookup by bare name that does not
// depend on search_path: `public` first, then the first object of that name in any schema.
// A namespace may be a layer over a parent it reads through (see Catalog.fork): changes stay
// in the layer, and the parent must not change while the layer is in use.

export interface Named {
  schema: string;
  name: string;
}

export const DEFAULT_SCHEMA = 'public';

/** An object in its layer's order: a list, so a merged layer's objects go first in one splice. */
interface Entry<T> {
  item: T;
  previous: Entry<T> | undefined;
  next: Entry<T> | undefined;
}

export class Namespace<T extends Named> {
  /** Schema → name → entry: two lookups, no key string built per read. */
  private readonly bySchema = new Map<string, Map<string, Entry<T>>>();
  private readonly byName = new Map<string, T[]>();
  /** Schema → names of the parent's objects this layer has deleted. */
  private readonly removed = new Map<string, Set<string>>();
  private first: Entry<T> | undefined;
  private last: Entry<T> | undefined;

  constructor(private readonly parent?: Namespace<T>) {}

  private own(schema: string, name: string): Entry<T> | undefined {
    return this.bySchema.get(schema)?.get(name);
  }

  private hasRemoved(schema: string, name: string): boolean {
    return this.removed.size > 0 && this.removed.get(schema)?.has(name) === true;
  }

  private hides(schema: string, name: string): boolean {
    return this.own(schema, name) !== undefined || this.hasRemoved(schema, name);
  }

  // Reads walk the chain of layers in loops: they run for every name a rule or the replay looks up.
  private exact(schema: string, name: string): T | undefined {
    for (let layer: Namespace<T> | undefined = this; layer; layer = layer.parent) {
      const found = layer.bySchema.get(schema)?.get(name);
      if (found !== undefined) return found.item;
      if (layer.hasRemoved(schema, name)) return undefined;
    }
    return undefined;
  }

  /** Whether a layer above `layers[below]` (this one first) hides the object's key. */
  private static hiddenAbove<T extends Named>(layers: readonly Namespace<T>[], below: number, item: T): boolean {
    for (let i = 0; i < below; i++) if (layers[i]!.hides(item.schema, item.name)) return true;
    return false;
  }

  /** This layer, then its parent, … the root. */
  private chain(): Namespace<T>[] {
    const layers: Namespace<T>[] = [];
    for (let layer: Namespace<T> | undefined = this; layer; layer = layer.parent) layers.push(layer);
    return layers;
  }

  /** The first object of a bare name, this layer's first. */
  private firstNamed(name: string): T | undefined {
    const layers = this.chain();
    for (let i = 0; i < layers.length; i++) {
      for (const item of layers[i]!.byName.get(name) ?? []) if (!Namespace.hiddenAbove(layers, i, item)) return item;
    }
    return undefined;
  }

  get(name: string, schema?: string): T | undefined {
    if (schema !== undefined) return this.exact(schema, name);
    const found = this.exact(DEFAULT_SCHEMA, name);
    if (found || !this.parent) return found ?? this.byName.get(name)?.[0];
    return this.firstNamed(name);
  }

  /** Appends an entry for `item` to this layer (its key not held here). */
  private append(item: T): void {
    const entry: Entry<T> = { item, previous: this.last, next: undefined };
    if (this.last) this.last.next = entry;
    else this.first = entry;
    this.last = entry;
    this.keyed(item.schema).set(item.name, entry);
    const list = this.byName.get(item.name);
    if (list) list.push(item);
    else this.byName.set(item.name, [item]);
  }

  private keyed(schema: string): Map<string, Entry<T>> {
    let names = this.bySchema.get(schema);
    if (!names) this.bySchema.set(schema, (names = new Map()));
    return names;
  }

  private unlink(entry: Entry<T>): void {
    if (entry.previous) entry.previous.next = entry.next;
    else this.first = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    else this.last = entry.previous;
  }

  /** Adds the item, replacing (and returning) one with the same schema and name. */
  add(item: T): T | undefined {
    const previous = this.get(item.name, item.schema);
    if (previous) this.delete(previous);
    this.append(item);
    return previous;
  }

  delete(item: T): void {
    const { schema, name } = item;
    if (this.exact(schema, name) !== item) return;
    const mine = this.own(schema, name);
    if (mine !== undefined && mine.item === item) {
      this.bySchema.get(schema)!.delete(name);
      this.unlink(mine);
      const rest = (this.byName.get(name) ?? []).filter((other) => other !== item);
      if (rest.length > 0) this.byName.set(name, rest);
      else this.byName.delete(name);
    }
    if (this.parent?.exact(schema, name) !== undefined) {
      let names = this.removed.get(schema);
      if (!names) this.removed.set(schema, (names = new Set()));
      names.add(name);
    }
  }

  /** Puts `next` where `previous` is (same schema and name): a copy taking the original's place. */
  replace(previous: T, next: T): void {
    const { schema, name } = previous;
    const mine = this.own(schema, name);
    if (mine === undefined) {
      // A parent's object: this layer's copy hides it, as add() would after deleting it.
      if (this.hasRemoved(schema, name) || this.parent?.exact(schema, name) !== previous) return;
      this.append(next);
      return;
    }
    if (mine.item !== previous) return;
    mine.item = next;
    const list = this.byName.get(name) ?? [];
    list[list.indexOf(previous)] = next;
  }

  /** Renames and/or moves the item; an object already holding the new key is replaced. */
  rekey(item: T, schema: string, name: string): void {
    this.delete(item);
    item.schema = schema;
    item.name = name;
    this.add(item);
  }

  /** What this layer changed: each key it holds or deleted, with the parent's object and its own. */
  *changes(): Generator<{ before: T | undefined; after: T | undefined }> {
    for (let entry = this.first; entry; entry = entry.next) yield { before: this.parent?.exact(entry.item.schema, entry.item.name), after: entry.item };
    for (const [schema, names] of this.removed) {
      for (const name of names) if (!this.own(schema, name)) yield { before: this.parent?.exact(schema, name), after: undefined };
    }
  }

  /**
   * Moves this layer's changes into its parent, which nothing else reads through or keeps: the
   * parent then reads as this layer did, its objects first (as flatten() orders them). Costs the
   * layer's size, not the parent's: the layer's entries are spliced in front of the parent's.
   * This layer is not read afterwards.
   */
  mergeIntoParent(): void {
    const parent = this.parent!;
    for (const [schema, names] of this.removed) {
      for (const name of names) {
        const gone = parent.exact(schema, name);
        if (gone) parent.delete(gone);
      }
    }
    for (let entry = this.first; entry; entry = entry.next) {
      const replaced = parent.exact(entry.item.schema, entry.item.name);
      if (replaced) parent.delete(replaced);
    }
    if (!this.first || !this.last) return;
    for (let entry: Entry<T> | undefined = this.first; entry; entry = entry.next) parent.keyed(entry.item.schema).set(entry.item.name, entry);
    this.last.next = parent.first;
    if (parent.first) parent.first.previous = this.last;
    else parent.last = this.last;
    parent.first = this.first;
    for (const [name, list] of this.byName) {
      const theirs = parent.byName.get(name);
      parent.byName.set(name, theirs ? [...list, ...theirs] : list);
    }
  }

  /** This layer's objects, in order. */
  private ownValues(): T[] {
    const out: T[] = [];
    for (let entry = this.first; entry; entry = entry.next) out.push(entry.item);
    return out;
  }

  /** Every object, this layer's first, then each parent's that no layer above it replaced or deleted. */
  values(): Iterable<T> {
    const out = this.ownValues();
    if (!this.parent) return out;
    const layers = this.chain();
    for (let i = 1; i < layers.length; i++) {
      for (let entry = layers[i]!.first; entry; entry = entry.next) if (!Namespace.hiddenAbove(layers, i, entry.item)) out.push(entry.item);
    }
    return out;
  }

  inSchema(schema: string): T[] {
    return [...this.values()].filter((item) => item.schema === schema);
  }
}
