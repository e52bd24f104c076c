// Schema-qualified objects keyed by (schema, name), with lookup by bare name that does not
// depend on search_path: `public` first, then the first object of that name in any schema.
// A namespace may be a layer over a parent it reads through (see Catalog.fork): changes stay
// in the layer, and the parent must not change while the layer is in use.

export interface Named {
  schema: string;
  name: string;
}

export const DEFAULT_SCHEMA = 'public';

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

export class Namespace<T extends Named> {
  private readonly byKey = new Map<string, T>();
  private readonly byName = new Map<string, T[]>();
  /** Keys of the parent this layer has deleted. */
  private readonly removed = new Set<string>();

  constructor(private readonly parent?: Namespace<T>) {}

  private hides(k: string): boolean {
    return this.byKey.has(k) || this.removed.has(k);
  }

  // Reads walk the chain of layers in loops: they run for every name a rule or the replay looks up.
  private exact(k: string): T | undefined {
    for (let layer: Namespace<T> | undefined = this; layer; layer = layer.parent) {
      const found = layer.byKey.get(k);
      if (found !== undefined) return found;
      if (layer.removed.size > 0 && layer.removed.has(k)) return undefined;
    }
    return undefined;
  }

  /** Whether a layer above `layers[below]` (this one first) hides the key. */
  private static hiddenAbove<T extends Named>(layers: readonly Namespace<T>[], below: number, k: string): boolean {
    for (let i = 0; i < below; i++) if (layers[i]!.hides(k)) return true;
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
      for (const item of layers[i]!.byName.get(name) ?? []) if (!Namespace.hiddenAbove(layers, i, key(item.schema, item.name))) return item;
    }
    return undefined;
  }

  get(name: string, schema?: string): T | undefined {
    if (schema !== undefined) return this.exact(key(schema, name));
    const found = this.exact(key(DEFAULT_SCHEMA, name));
    if (found || !this.parent) return found ?? this.byName.get(name)?.[0];
    return this.firstNamed(name);
  }

  /** Adds the item, replacing (and returning) one with the same schema and name. */
  add(item: T): T | undefined {
    const previous = this.get(item.name, item.schema);
    if (previous) this.delete(previous);
    this.byKey.set(key(item.schema, item.name), item);
    const list = this.byName.get(item.name);
    if (list) list.push(item);
    else this.byName.set(item.name, [item]);
    return previous;
  }

  delete(item: T): void {
    const k = key(item.schema, item.name);
    if (this.exact(k) !== item) return;
    if (this.byKey.get(k) === item) {
      this.byKey.delete(k);
      const rest = (this.byName.get(item.name) ?? []).filter((other) => other !== item);
      if (rest.length > 0) this.byName.set(item.name, rest);
      else this.byName.delete(item.name);
    }
    if (this.parent?.exact(k) !== undefined) this.removed.add(k);
  }

  /** Puts `next` where `previous` is (same schema and name): a copy taking the original's place. */
  replace(previous: T, next: T): void {
    const k = key(previous.schema, previous.name);
    const mine = this.byKey.get(k);
    if (mine === undefined) {
      // A parent's object: this layer's copy hides it, as add() would after deleting it.
      if (this.removed.has(k) || this.parent?.exact(k) !== previous) return;
      this.byKey.set(k, next);
      const list = this.byName.get(next.name);
      if (list) list.push(next);
      else this.byName.set(next.name, [next]);
      return;
    }
    if (mine !== previous) return;
    this.byKey.set(k, next);
    const list = this.byName.get(previous.name) ?? [];
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
    for (const [k, after] of this.byKey) yield { before: this.parent?.exact(k), after };
    for (const k of this.removed) if (!this.byKey.has(k)) yield { before: this.parent?.exact(k), after: undefined };
  }

  /**
   * Moves this layer's changes into its parent, which nothing else reads through or keeps: the
   * parent then reads as this layer did, its objects first (as flatten() orders them).
   */
  mergeIntoParent(): void {
    const parent = this.parent!;
    for (const k of this.removed) {
      const gone = parent.exact(k);
      if (gone) parent.delete(gone);
    }
    for (const k of this.byKey.keys()) {
      const replaced = parent.exact(k);
      if (replaced) parent.delete(replaced);
    }
    if (this.byKey.size === 0) return;
    const kept = [...parent.byKey];
    parent.byKey.clear();
    for (const [k, item] of [...this.byKey, ...kept]) parent.byKey.set(k, item);
    for (const [name, list] of this.byName) parent.byName.set(name, [...list, ...(parent.byName.get(name) ?? [])]);
  }

  /** Every object, this layer's first, then each parent's that no layer above it replaced or deleted. */
  values(): Iterable<T> {
    if (!this.parent) return this.byKey.values();
    const layers = this.chain();
    const out = [...this.byKey.values()];
    for (let i = 1; i < layers.length; i++) {
      for (const item of layers[i]!.byKey.values()) if (!Namespace.hiddenAbove(layers, i, key(item.schema, item.name))) out.push(item);
    }
    return out;
  }

  inSchema(schema: string): T[] {
    return [...this.values()].filter((item) => item.schema === schema);
  }
}
