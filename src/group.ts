// Grouping without copying the group on every item (the spread idiom is quadratic per group).

/** Items by key, in first-seen key order; `into` may hold keys that must come first (possibly empty groups). */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K, into: Map<K, T[]> = new Map()): Map<K, T[]> {
  for (const item of items) {
    const k = key(item);
    const group = into.get(k);
    if (group) group.push(item);
    else into.set(k, [item]);
  }
  return into;
}
