// A stack position in a migration file → the call it belongs to, as a span: the whole call chain
// (`knex.schema.createTable('t', …)`, `await queryRunner.addColumn(…)`) around the position, never
// leaving the argument list it sits in. Recorded queries are matched to static operations by it.
import type { Node } from '@babel/types';
import { parseJs } from '../js/parse.js';
import type { Span } from '../../types.js';

const CHAIN = new Set(['MemberExpression', 'OptionalMemberExpression', 'CallExpression', 'OptionalCallExpression', 'AwaitExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'NewExpression']);

/** The innermost nodes holding the offset, outermost first. */
function pathTo(root: Node, offset: number): Node[] {
  const path: Node[] = [];
  let node: Node | undefined = root;
  while (node) {
    path.push(node);
    let next: Node | undefined;
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        const c = child as Partial<Node> | null;
        if (!c || typeof c !== 'object' || typeof c.type !== 'string' || typeof c.start !== 'number' || typeof c.end !== 'number') continue;
        if (c.start <= offset && offset < c.end) next = c as Node;
      }
    }
    node = next;
  }
  return path;
}

/** Is `child` the part of `parent` a call chain continues through (not an argument)? */
function chained(parent: Node, child: Node): boolean {
  if (!CHAIN.has(parent.type)) return false;
  if (parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression' || parent.type === 'NewExpression') return parent.callee === child;
  return true;
}

export function callSpanAt(text: string, file: string, offset: number): Span {
  const parsed = parseJs(text, file);
  if ('error' in parsed) return { start: offset, end: offset };
  const path = pathTo(parsed.ast.program as Node, offset);
  let i = path.length - 1;
  while (i > 0 && chained(path[i - 1]!, path[i]!)) i--;
  const node = path[i]!;
  return node.type === 'Program' ? { start: offset, end: offset } : { start: node.start ?? offset, end: node.end ?? offset };
}
