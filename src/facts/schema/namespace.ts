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

  private exact(k: string): T | undefined {
    return this.byKey.get(k) ?? (this.removed.has(k) ? undefined : this.parent?.exact(k));
  }

  /** Objects of a bare name, this layer's first. */
  private *named(name: string): Generator<T> {
    yield* this.byName.get(name) ?? [];
    if (this.parent) for (const item of this.parent.named(name)) if (!this.hides(key(item.schema, item.name))) yield item;
  }

  get(name: string, schema?: string): T | undefined {
    if (schema !== undefined) return this.exact(key(schema, name));
    const found = this.exact(key(DEFAULT_SCHEMA, name));
    if (found || !this.parent) return found ?? this.byName.get(name)?.[0];
    return this.named(name).next().value;
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
    if (this.exact(k) !== previous) return;
    if (this.byKey.get(k) !== previous) {
      this.add(next);
      return;
    }
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

  values(): Iterable<T> {
    return this.parent ? this.layeredValues(this.parent) : this.byKey.values();
  }

  private *layeredValues(parent: Namespace<T>): Generator<T> {
    yield* this.byKey.values();
    for (const item of parent.values()) if (!this.hides(key(item.schema, item.name))) yield item;
  }

  inSchema(schema: string): T[] {
    return [...this.values()].filter((item) => item.schema === schema);
  }
}
