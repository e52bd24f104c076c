// How deeply a parsed statement nests. Facts and rules walk the AST recursively; a statement
// nested deeper than this (ARRAY[ARRAY[…]] a thousand levels down, machine-made SQL) would
// overflow the JavaScript stack, so parse reports it instead of handing it on.

/** Levels of JSON objects and arrays; ~8 per subquery level, ~4 per ARRAY[…] level. */
export const MAX_AST_DEPTH = 1000;

export const TOO_DEEP_MESSAGE = `statement nested too deeply to analyse (more than ${MAX_AST_DEPTH} levels in its syntax tree); split it into simpler statements`;

/**
 * True when the tree under `node` is deeper than `limit`. Recursive, but it stops descending at
 * `limit`, so it never needs more than `limit` stack frames; and it allocates nothing (it runs
 * over every statement).
 */
export function deeperThan(node: unknown, limit: number = MAX_AST_DEPTH): boolean {
  return node !== null && typeof node === 'object' && exceeds(node, 1, limit);
}

function exceeds(value: object, depth: number, limit: number): boolean {
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (child !== null && typeof child === 'object' && exceeds(child as object, depth + 1, limit)) return true;
    return false;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && exceeds(child, depth + 1, limit)) return true;
  }
  return false;
}
