// Namespace.mergeIntoParent, merge after merge (the fix check merges back the layer of every
// migration with no fix): the parent reads as the layer did — values() in order, bare-name and
// exact lookups — whether the parent is the root or a layer itself, and goes on changing as the
// layer would have.
import { describe, expect, it } from 'vitest';
import { Namespace } from '../src/facts/schema/namespace.js';

interface Item {
  schema: string;
  name: string;
  tag: string;
}

const item = (schema: string, name: string, tag = ''): Item => ({ schema, name, tag });

/** Everything a reader sees, in order. */
function reads(ns: Namespace<Item>) {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  return {
    values: [...ns.values()].map((i) => `${i.schema}.${i.name}${i.tag}`),
    bare: names.map((n) => ns.get(n)?.tag ?? null),
    exact: ['public', 's', 't'].flatMap((s) => names.map((n) => ns.get(n, s)?.tag ?? null)),
    inSchema: ns.inSchema('s').map((i) => i.name),
  };
}

/** One migration's changes, made on `ns` (a layer or a flat namespace alike). */
const steps: ((ns: Namespace<Item>, n: number) => void)[] = [
  (ns, n) => {
    ns.add(item('public', 'a', `#${n}`));
    ns.add(item('s', 'b', `#${n}`));
  },
  (ns, n) => {
    const a = ns.get('a');
    if (a) ns.delete(a);
    ns.add(item('t', 'c', `#${n}`));
    ns.add(item('s', 'a', `#${n}`));
  },
  (ns, n) => {
    const b = ns.get('b', 's');
    if (b) ns.replace(b, { ...b, tag: `${b.tag}+${n}` });
    ns.add(item('public', 'd', `#${n}`));
  },
  (ns, n) => {
    // A layer changes its own copy of a parent's object, as the catalog does (Catalog.ownTable).
    const c = ns.get('c');
    const copy = c && { ...c };
    if (c && copy) {
      ns.replace(c, copy);
      ns.rekey(copy, 's', 'e');
    }
    ns.add(item('public', 'b', `#${n}`));
  },
  (ns, n) => {
    const d = ns.get('d');
    if (d) ns.replace(d, { ...d, tag: `${d.tag}+${n}` });
    const b = ns.get('b', 'public');
    if (b) ns.delete(b);
    ns.add(item('t', 'f', `#${n}`));
    ns.add(item('s', 'g', `#${n}`));
  },
];

describe('Namespace.mergeIntoParent', () => {
  it('merged layer after layer reads as the same changes made on one flat namespace', () => {
    for (const underRoot of [false, true]) {
      const root = new Namespace<Item>();
      root.add(item('public', 'g', 'root'));
      root.add(item('s', 'a', 'root'));
      // The parent the layers merge into: the root, or a layer over it that is itself kept.
      let current = underRoot ? new Namespace<Item>(root) : root;
      const flat = new Namespace<Item>();
      flat.add(item('public', 'g', 'root'));
      flat.add(item('s', 'a', 'root'));
      for (let n = 0; n < 15; n++) {
        const step = steps[n % steps.length]!;
        const layer = new Namespace<Item>(current);
        step(layer, n);
        const expected = reads(layer);
        layer.mergeIntoParent();
        expect(reads(current)).toEqual(expected);
        step(flat, n);
        // A flat namespace appends; a merge puts the layer's objects first: same objects, other order.
        expect(reads(current).exact).toEqual(reads(flat).exact);
        expect([...reads(current).values].sort()).toEqual([...reads(flat).values].sort());
      }
      if (underRoot) expect(reads(root).values).toEqual(['public.groot', 's.aroot']);
    }
  });

  it('puts each merged layer in front of the ones merged before it', () => {
    const root = new Namespace<Item>();
    root.add(item('public', 'a'));
    for (const name of ['b', 'c', 'd']) {
      const layer = new Namespace<Item>(root);
      layer.add(item('public', name));
      layer.add(item('s', name));
      layer.mergeIntoParent();
    }
    root.add(item('public', 'e'));
    expect([...root.values()].map((i) => `${i.schema}.${i.name}`)).toEqual(['public.d', 's.d', 'public.c', 's.c', 'public.b', 's.b', 'public.a', 'public.e']);
  });
});
