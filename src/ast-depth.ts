// How deeply a parsed statement nests. Facts and rules walk the AST recursively; a statement
// nested deeper than this (ARRAY[ARRAY[…]] a thousand levels down, machine-made SQL) would
// overflow the JavaScript stack, so parse reports it instead of handing it on.

/** Levels of JSON objects and arrays; ~8 per subquery level, ~4 per ARRAY[…] level. */
export const MAX_AST_DEPTH = 1000;

export const TOO_DEEP_MESSAGE = `statement nested too deeply to analyse (more than ${MAX_AST_DEPTH} levels in its syntax tree); split it into simpler statements`;

/** True when the tree under `node` is deeper than `limit` (iterative: never recurses itself). */
export function deeperThan(node: unknown, limit: number = MAX_AST_DEPTH): boolean {
  const stack: Array<{ value: object; depth: number }> = [];
  if (node !== null && typeof node === 'object') stack.push({ value: node, depth: 1 });
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.depth > limit) return true;
    const children: unknown[] = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}
