// Static evaluation of the Python expressions migration calls take: literals, lists, calls with
// keyword arguments, dotted names qualified through the file's imports, and names bound once to a
// constant (module level or in the function). Everything else is a `dynamic` value with a reason.
import type { TemplatePart } from '../holes.js';
import { decodeString, type PyString } from './literals.js';
import { children, type SyntaxNode } from './parse.js';

export type PyValue =
  | ({ kind: 'str'; node: SyntaxNode } & PyString)
  | { kind: 'num'; value: number; node: SyntaxNode }
  | { kind: 'bool'; value: boolean; node: SyntaxNode }
  | { kind: 'none'; node: SyntaxNode }
  | { kind: 'seq'; items: PyValue[]; node: SyntaxNode }
  | { kind: 'call'; callee: string; args: PyValue[]; kwargs: Map<string, PyValue>; node: SyntaxNode }
  /** A dotted name that is not a constant: `sqlalchemy.Integer`, `batch_op`. */
  | { kind: 'ref'; name: string; node: SyntaxNode }
  | { kind: 'dynamic'; reason: string; node: SyntaxNode; template?: TemplatePart[] };

/** Names bound in one scope: each binding's value expression, or null when bound by something else (loop, parameter, with … as). */
export type Bindings = Map<string, (SyntaxNode | null)[]>;

export interface Scope {
  text: string;
  /** Import aliases → the dotted module path (`sa` → `sqlalchemy`, `Column` → `sqlalchemy.Column`). */
  imports: Map<string, string>;
  module: Bindings;
  /** The enclosing function's bindings (undefined at module level). */
  local?: Bindings;
}

/** The bindings made by the statements under `body` (not inside nested functions or classes). */
export function collectBindings(body: SyntaxNode, text: string, params: readonly string[] = []): Bindings {
  const out: Bindings = new Map();
  const nameOf = (node: SyntaxNode) => text.slice(node.from, node.to);
  const bind = (name: string, value: SyntaxNode | null) => out.set(name, [...(out.get(name) ?? []), value]);
  for (const param of params) bind(param, null);
  const visit = (node: SyntaxNode) => {
    for (const child of children(node)) {
      if (child.name === 'AssignStatement') {
        const parts = children(child);
        const eq = parts.findIndex((p) => p.name === 'AssignOp');
        const value = parts[parts.length - 1] ?? null;
        const targets = parts.slice(0, eq).filter((p) => p.name === 'VariableName');
        const single = eq === 1 || (eq === 2 && parts[1]?.name === 'TypeDef');
        const chained = parts.filter((p) => p.name === 'AssignOp').length > 1;
        for (const target of targets) bind(nameOf(target), single && !chained ? value : null);
      } else if (child.name === 'ForStatement' || child.name === 'WithStatement' || child.name === 'UpdateStatement') {
        for (const target of children(child)) {
          if (target.name === 'Body') break;
          if (target.name === 'VariableName' && (child.name !== 'WithStatement' || target.prevSibling?.name === 'as')) bind(nameOf(target), null);
          if (child.name === 'UpdateStatement') break;
        }
      } else if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition') {
        const name = child.getChild('VariableName');
        if (name) bind(nameOf(name), null);
        continue;
      }
      visit(child);
    }
  };
  visit(body);
  return out;
}

/** `import a.b as c`, `from a import b as c` → alias map. */
export function collectImports(script: SyntaxNode, text: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const statement of script.getChildren('ImportStatement')) {
    const parts = children(statement);
    const word = (n: SyntaxNode | undefined) => (n ? text.slice(n.from, n.to) : '');
    if (word(parts[0]) === 'from') {
      const importAt = parts.findIndex((p) => word(p) === 'import');
      const from = parts.slice(1, importAt).map(word).join('');
      const names = parts.slice(importAt + 1).filter((p) => p.name === 'VariableName');
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as SyntaxNode;
        const alias = name.nextSibling?.name === 'as' ? names[++i] : name;
        imports.set(word(alias), `${from}.${word(name)}`);
      }
    } else {
      let dotted: string[] = [];
      for (const part of parts.slice(1)) {
        if (part.name === 'VariableName' && part.prevSibling?.name === 'as') {
          imports.set(word(part), dotted.join('.'));
          dotted = [];
        } else if (part.name === 'VariableName') {
          if (dotted.length > 0 && part.prevSibling?.name !== '.') dotted = [];
          dotted.push(word(part));
          if (part.nextSibling?.name !== '.' && part.nextSibling?.name !== 'as') imports.set(dotted[0] as string, dotted[0] as string);
        }
      }
    }
  }
  return imports;
}

export const textOf = (scope: Scope, node: SyntaxNode): string => scope.text.slice(node.from, node.to);

const dynamic = (node: SyntaxNode, reason: string): PyValue => ({ kind: 'dynamic', reason, node });

/** Evaluates an expression statically. `seen` guards against names bound to themselves. */
export function evaluate(node: SyntaxNode, scope: Scope, seen: Set<string> = new Set()): PyValue {
  switch (node.name) {
    case 'String':
    case 'FormatString':
    case 'ContinuedString':
      return stringValue(node, scope, seen);
    case 'Number': {
      const value = Number(textOf(scope, node).replace(/_/g, ''));
      return Number.isFinite(value) ? { kind: 'num', value, node } : dynamic(node, 'number');
    }
    case 'Boolean':
      return { kind: 'bool', value: textOf(scope, node) === 'True', node };
    case 'None':
      return { kind: 'none', node };
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return inner ? evaluate(inner, scope, seen) : dynamic(node, 'empty parentheses');
    }
    case 'ArrayExpression':
    case 'TupleExpression':
      return { kind: 'seq', items: children(node).filter((c) => !['(', ')', '[', ']', ','].includes(c.name)).map((c) => evaluate(c, scope, seen)), node };
    case 'UnaryExpression': {
      const [sign, operand] = children(node);
      const value = operand ? evaluate(operand, scope, seen) : undefined;
      if (value?.kind === 'num' && sign && textOf(scope, sign) === '-') return { kind: 'num', value: -value.value, node };
      return dynamic(node, 'expression');
    }
    case 'BinaryExpression':
      return binary(node, scope, seen);
    case 'VariableName':
      return nameValue(node, scope, seen);
    case 'MemberExpression': {
      const dotted = dottedName(node, scope);
      return dotted ? { kind: 'ref', name: dotted, node } : dynamic(node, 'expression');
    }
    case 'CallExpression':
      return call(node, scope, seen);
    default:
      return dynamic(node, describe(node.name));
  }
}

function describe(nodeName: string): string {
  if (nodeName.endsWith('ComprehensionExpression')) return 'comprehension';
  if (nodeName === 'ConditionalExpression') return 'conditional expression';
  return nodeName.replace(/Expression$/, ' expression').toLowerCase();
}

function stringValue(node: SyntaxNode, scope: Scope, seen: Set<string>): PyValue {
  const decoded = decodeString(node, scope.text, (hole) => {
    const value = evaluate(hole, scope, seen);
    return value.kind === 'str' ? value : undefined;
  });
  if (!('dynamic' in decoded)) return { kind: 'str', ...decoded, node };
  return decoded.template ? { kind: 'dynamic', reason: decoded.dynamic, node, template: decoded.template } : dynamic(node, decoded.dynamic);
}

function binary(node: SyntaxNode, scope: Scope, seen: Set<string>): PyValue {
  const [left, operator, right] = children(node);
  if (!left || !operator || !right) return dynamic(node, 'expression');
  const op = textOf(scope, operator);
  if (op === '%' || op === '.format') return dynamic(node, '%-formatted string');
  if (op !== '+') return dynamic(node, `${op} expression`);
  const a = evaluate(left, scope, seen);
  const b = evaluate(right, scope, seen);
  if (a.kind === 'str' && b.kind === 'str') return { kind: 'str', value: a.value + b.value, map: [...a.map.slice(0, -1), ...b.map], node };
  if (a.kind === 'num' && b.kind === 'num') return { kind: 'num', value: a.value + b.value, node };
  return a.kind === 'dynamic' ? a : b.kind === 'dynamic' ? b : dynamic(node, '+ expression');
}

function nameValue(node: SyntaxNode, scope: Scope, seen: Set<string>): PyValue {
  const name = textOf(scope, node);
  for (const bindings of [scope.local, scope.module]) {
    const bound = bindings?.get(name);
    if (!bound) continue;
    const [value] = bound;
    if (bound.length !== 1 || !value) return dynamic(node, `\`${name}\` is not a constant`);
    if (seen.has(name)) return dynamic(node, `\`${name}\` refers to itself`);
    // A module constant evaluates in module scope, a local one in the function.
    const valueScope = bindings === scope.local ? scope : { ...scope, local: undefined };
    return evaluate(value, valueScope, new Set([...seen, name]));
  }
  return { kind: 'ref', name: scope.imports.get(name) ?? name, node };
}

/** `sa.update(t).where(…).values(…)`: named after the call the chain starts with. */
function chainedCall(callee: SyntaxNode, scope: Scope): string {
  let root: SyntaxNode | null = callee;
  while (root && (root.name === 'MemberExpression' || root.name === 'CallExpression')) {
    const inner: SyntaxNode | null = root.firstChild;
    if (root.name === 'CallExpression' && inner && inner.name !== 'CallExpression' && dottedName(inner, scope) !== undefined) {
      const name = dottedName(inner, scope) as string;
      return name.startsWith('sqlalchemy') ? `SQLAlchemy expression ${name.slice(name.lastIndexOf('.') + 1)}()` : `result of ${name.slice(name.lastIndexOf('.') + 1)}()`;
    }
    root = inner;
  }
  return 'call on an expression';
}

/** `a.b.c` with `a` qualified through the imports, or undefined when the root is not a plain name. */
export function dottedName(node: SyntaxNode, scope: Scope): string | undefined {
  if (node.name === 'VariableName') {
    const name = textOf(scope, node);
    return scope.imports.get(name) ?? name;
  }
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || !property || property.name !== 'PropertyName') return undefined;
  const base = dottedName(object, scope);
  return base === undefined ? undefined : `${base}.${textOf(scope, property)}`;
}

function call(node: SyntaxNode, scope: Scope, seen: Set<string>): PyValue {
  const callee = node.firstChild;
  const argList = node.getChild('ArgList');
  const name = callee ? dottedName(callee, scope) : undefined;
  if (!callee || !argList) return dynamic(node, 'call');
  if (name === undefined) return dynamic(node, chainedCall(callee, scope));
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  const parts = children(argList);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as SyntaxNode;
    if (['(', ')', ','].includes(part.name)) continue;
    if (part.name === '*' || part.name === '**') return dynamic(node, `${part.name}arguments`);
    const next = parts[i + 1];
    if (part.name === 'VariableName' && next?.name === 'AssignOp') {
      const value = parts[i + 2];
      if (value) kwargs.set(textOf(scope, part), evaluate(value, scope, seen));
      i += 2;
      continue;
    }
    if (next?.name === 'for') return dynamic(node, 'generator argument');
    args.push(evaluate(part, scope, seen));
  }
  return { kind: 'call', callee: name, args, kwargs, node };
}

