// Walks a migration function in source order and asks an ORM's recogniser about every call: the
// calls it knows become operations; a call handing the ORM object to another function (a helper)
// becomes an unresolved operation; every other node is walked into (conditions, loops and callbacks
// included: a guarded `if (await hasColumn(…))` block is linted as if taken).
import type { CallExpression, Node, TaggedTemplateExpression } from '@babel/types';
import type { Span } from '../../types.js';
import type { HostOperation } from '../types.js';
import { asString, evaluate, memberPath, unwrap, visit, type JsScope } from './values.js';

export interface WalkContext {
  scope: JsScope;
  /** Names bound to the ORM object in this function (`knex`, `queryInterface`, `pgm`, `db`). */
  roots: ReadonlySet<string>;
}

export type Recogniser = (node: CallExpression | TaggedTemplateExpression, ctx: WalkContext) => HostOperation[] | undefined;

export function walkOperations(body: Node, ctx: WalkContext, recognise: Recogniser): HostOperation[] {
  const ops: HostOperation[] = [];
  visit(body, (node) => {
    if (node.type !== 'CallExpression' && node.type !== 'TaggedTemplateExpression') return;
    const found = recognise(node, ctx);
    if (found) {
      ops.push(...found);
      return false;
    }
    if (node.type === 'CallExpression') {
      const helper = helperCall(node, ctx);
      if (helper) {
        ops.push(helper);
        return false;
      }
    }
  });
  return ops;
}

/** `helper(queryInterface, …)`: the SQL it sends is not visible here. */
function helperCall(call: CallExpression, ctx: WalkContext): HostOperation | undefined {
  const passesRoot = call.arguments.some((a) => {
    const path = memberPath(a);
    return path !== undefined && ctx.roots.has(path.split('.')[0] ?? '');
  });
  if (!passesRoot) return undefined;
  const name = memberPath(call.callee) ?? 'function';
  return { span: spanOf(call), unresolved: `helper function ${name}()`, call: `${name}(…)` };
}

export function spanOf(node: Node): Span {
  return { start: node.start ?? 0, end: node.end ?? 0 };
}

/** The root name of a member chain or call chain: `knex` for `knex.schema.table(…).then(…)`. */
export function chainRoot(node: Node): string | undefined {
  let n = unwrap(node);
  for (;;) {
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'ThisExpression') return 'this';
    if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') n = unwrap(n.callee);
    else if (n.type === 'AwaitExpression') n = unwrap(n.argument);
    else return undefined;
  }
}

/** A call chain from its root outward: `t.string('a').notNullable()` → [string('a'), notNullable()]. */
export interface ChainLink {
  method: string;
  args: Node[];
  call: CallExpression;
}

/** The links of a call chain, innermost first, and the member path it starts from (`knex.schema`). */
export function callChain(call: CallExpression): { base: string | undefined; links: ChainLink[] } {
  const links: ChainLink[] = [];
  let n: Node = call;
  for (;;) {
    n = unwrap(n);
    if (n.type !== 'CallExpression') break;
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') break;
    links.unshift({ method: callee.property.name, args: n.arguments as Node[], call: n });
    const object = unwrap(callee.object);
    if (object.type !== 'CallExpression') {
      return { base: memberPath(object), links };
    }
    n = object;
  }
  return { base: memberPath(n), links };
}

/** A SQL string argument: the literal's text mapped into the file, or unresolved (a dynamic string). */
export function literalOperation(arg: Node | undefined, call: Node, ctx: WalkContext, callName: string): HostOperation {
  if (!arg) return { span: spanOf(call), unresolved: 'missing SQL argument', call: `${callName}(…)` };
  const value = asString(evaluate(arg, ctx.scope));
  if ('unresolved' in value) return { span: spanOf(call), unresolved: value.unresolved, call: `${callName}(…)` };
  return { sql: value.text, span: spanOf(unwrap(arg)), literalMap: value.map };
}

/** A builder operation: SQL generated from the call, pointing at the call. */
export function builderOperation(sql: string, node: Node, callName: string): HostOperation {
  return { sql, span: spanOf(node), call: `${callName}(…)` };
}

export function unresolvedOperation(node: Node, reason: string, callName: string): HostOperation {
  return { span: spanOf(node), unresolved: reason, call: `${callName}(…)` };
}
