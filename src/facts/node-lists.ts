// The lists of an AST node read the same way everywhere: the inner nodes of one tag, the svals
// of a name list. Loops, not `flatMap((n) => (tag in n ? [n[tag]] : []))`: these run for several
// rules on every statement, and V8's flatMap allocates an array per item and copies it (a loop
// measured ~10× faster on two-item lists).
import type { Node } from '@pgsql/types';
import type { NodeOf, NodeTag } from '../rule.js';

/** The inner nodes of the items wrapped in `tag`, in order (`cmds` → its AlterTableCmds). */
export function unwrapped<T extends NodeTag>(items: readonly Node[] | undefined, tag: T): NodeOf<T>[] {
  const out: NodeOf<T>[] = [];
  if (!items) return out;
  for (const item of items) {
    const inner = (item as Record<string, unknown>)[tag];
    if (inner !== undefined) out.push(inner as NodeOf<T>);
  }
  return out;
}

/** The svals of the String nodes of a name list, in order: ['pg_catalog', 'int4']. */
export function stringValues(items: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  if (!items) return out;
  for (const item of items) {
    const sval = 'String' in item ? item.String.sval : undefined;
    if (sval !== undefined) out.push(sval);
  }
  return out;
}
