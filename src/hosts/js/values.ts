// Static evaluation of the arguments ORM calls take: literals, arrays, objects, local `const` values,
// `+` concatenations and template literals; anything else stays a reference (`Sequelize.STRING`,
// `pgm.func('now()')`) or unknown, and the caller decides whether that makes its SQL unresolved.
import type { Expression, File, Node } from '@babel/types';
import { concatMapped, pinned, stringLiteral, templateElement, type MappedString } from './literals.js';

export type JsValue =
  | ({ kind: 'string' } & MappedString)
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'undefined' }
  | { kind: 'array'; items: JsValue[] }
  | { kind: 'object'; props: Map<string, JsValue> }
  /** A name or member path (`Sequelize.STRING`), called when `args` is set (`Sequelize.ENUM('a')`). */
  | { kind: 'ref'; path: string; args?: JsValue[]; node: Node }
  | { kind: 'unknown'; reason: string; node: Node };

/** The file a value is evaluated in: its text and its foldable module-level or local `const`s. */
export interface JsScope {
  text: string;
  constants: ReadonlyMap<string, Expression>;
  /** Parameters of a local function being inlined, bound to the call's arguments. */
  bindings?: ReadonlyMap<string, JsValue>;
}

/** Every `const NAME = …` of the file declared once (a name declared twice is not folded). */
export function fileScope(ast: File, text: string): JsScope {
  const seen = new Map<string, Expression | null>();
  visit(ast.program, (node) => {
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier') return;
    const name = node.id.name;
    seen.set(name, seen.has(name) ? null : node.init ?? null);
  });
  // `let`/`var`/parameters shadowing a const would change its value: only names declared once, by const.
  const constants = new Map<string, Expression>();
  visit(ast.program, (node) => {
    if (node.type === 'VariableDeclaration' && node.kind === 'const') {
      for (const d of node.declarations) {
        if (d.id.type === 'Identifier' && d.init && seen.get(d.id.name) === d.init) constants.set(d.id.name, d.init);
      }
    }
  });
  return { text, constants };
}

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range']);

/** Pre-order walk over a Babel subtree; `enter` returning false skips the node's children. */
export function visit(node: Node, enter: (node: Node) => boolean | void): void {
  if (enter(node) === false) return;
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) visit(c, enter);
    } else if (isNode(child)) visit(child, enter);
  }
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Strips TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`) and parentheses. */
export function unwrap(node: Node): Node {
  let n = node;
  while (
    n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' ||
    n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression'
  ) n = n.expression;
  return n;
}

/** A member path `a.b.c` (computed string keys included), or undefined for anything else. */
export function memberPath(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type !== 'MemberExpression' && n.type !== 'OptionalMemberExpression') return undefined;
  const object = memberPath(n.object);
  if (object === undefined) return undefined;
  const p = n.property;
  if (!n.computed && p.type === 'Identifier') return `${object}.${p.name}`;
  if (p.type === 'StringLiteral') return `${object}.${p.value}`;
  return undefined;
}

/** Prefix of an object key computed from a reference (`{ [Op.ne]: null }` → key `@ref:Op.ne`). */
export const REF_KEY = '@ref:';

export function evaluate(node: Node, scope: JsScope, depth = 0): JsValue {
  const n = unwrap(node);
  if (depth > 20) return { kind: 'unknown', reason: 'dynamic value', node: n };
  switch (n.type) {
    case 'StringLiteral':
      return { kind: 'string', ...stringLiteral(n, scope.text) };
    case 'TemplateLiteral':
      return template(n.quasis, n.expressions, scope, depth);
    case 'NumericLiteral':
      return { kind: 'number', value: n.value };
    case 'UnaryExpression':
      if (n.operator === '-' && n.argument.type === 'NumericLiteral') return { kind: 'number', value: -n.argument.value };
      return { kind: 'unknown', reason: 'dynamic value', node: n };
    case 'BooleanLiteral':
      return { kind: 'boolean', value: n.value };
    case 'NullLiteral':
      return { kind: 'null' };
    case 'ArrayExpression': {
      const items: JsValue[] = [];
      for (const e of n.elements) {
        if (!e || e.type === 'SpreadElement') return { kind: 'unknown', reason: 'dynamic value', node: n };
        items.push(evaluate(e, scope, depth + 1));
      }
      return { kind: 'array', items };
    }
    case 'ObjectExpression': {
      const props = new Map<string, JsValue>();
      for (const p of n.properties) {
        if (p.type === 'SpreadElement') return { kind: 'unknown', reason: 'dynamic value', node: n };
        const key = propertyKey(p.key, p.computed, scope, depth);
        if (key === undefined) return { kind: 'unknown', reason: 'dynamic value', node: n };
        if (p.type === 'ObjectMethod') props.set(key, { kind: 'unknown', reason: 'function', node: p });
        else props.set(key, evaluate(p.value, scope, depth + 1));
      }
      return { kind: 'object', props };
    }
    case 'BinaryExpression': {
      if (n.operator !== '+' || n.left.type === 'PrivateName') return { kind: 'unknown', reason: 'dynamic value', node: n };
      const left = evaluate(n.left, scope, depth + 1);
      const right = evaluate(n.right, scope, depth + 1);
      if (left.kind === 'string' && right.kind === 'string') return { kind: 'string', ...concatMapped(left, right) };
      if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: left.value + right.value };
      return { kind: 'unknown', reason: 'dynamic string', node: n };
    }
    case 'Identifier': {
      if (n.name === 'undefined') return { kind: 'undefined' };
      const bound = scope.bindings?.get(n.name);
      if (bound) return bound;
      const init = scope.constants.get(n.name);
      if (init) {
        const value = evaluate(init, scope, depth + 1);
        // A folded constant stands at the place it is used: findings inside it point at the name.
        return value.kind === 'string' ? { kind: 'string', ...pinned(value.text, n.start ?? 0, n.end ?? 0) } : value;
      }
      return { kind: 'ref', path: n.name, node: n };
    }
    case 'MemberExpression': {
      const path = memberPath(n);
      if (path === undefined) return { kind: 'unknown', reason: 'dynamic value', node: n };
      const [head, ...rest] = path.split('.');
      const base = head !== undefined && rest.length > 0 ? scope.constants.get(head) : undefined;
      if (base) {
        let value: JsValue | undefined = evaluate(base, scope, depth + 1);
        for (const key of rest) value = value?.kind === 'object' ? value.props.get(key) : undefined;
        if (value) return value;
      }
      return { kind: 'ref', path, node: n };
    }
    case 'CallExpression': {
      const path = memberPath(n.callee);
      if (path === undefined) return { kind: 'unknown', reason: 'dynamic value', node: n };
      const args = n.arguments.map((a) => (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder' ? { kind: 'unknown' as const, reason: 'dynamic value', node: a } : evaluate(a, scope, depth + 1)));
      const inlined = inlineCall(path, args, scope, depth);
      return inlined ?? { kind: 'ref', path, args, node: n };
    }
    default:
      return { kind: 'unknown', reason: 'dynamic value', node: n };
  }
}

/** A call of a local `const f = (a, b) => <expression>` with static arguments: its value. */
function inlineCall(name: string, args: JsValue[], scope: JsScope, depth: number): JsValue | undefined {
  const fn = scope.constants.get(name);
  if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) return undefined;
  let body: Node | undefined = fn.body;
  if (body.type === 'BlockStatement') {
    const only = body.body.length === 1 ? body.body[0] : undefined;
    body = only?.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
  }
  if (!body || args.some((a) => a.kind === 'unknown')) return undefined;
  const bindings = new Map(scope.bindings);
  for (const [i, p] of fn.params.entries()) {
    if (p.type !== 'Identifier') return undefined;
    bindings.set(p.name, args[i] ?? { kind: 'undefined' });
  }
  const value = evaluate(body, { ...scope, bindings }, depth + 1);
  return value.kind === 'unknown' ? undefined : value;
}

function propertyKey(key: Node, computed: boolean, scope: JsScope, depth: number): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (computed) {
    // `[Op.ne]`: a symbol key, kept as its path so the caller can read it.
    const value = evaluate(key, scope, depth + 1);
    if (value.kind === 'ref' && !value.args) return `${REF_KEY}${value.path}`;
    return value.kind === 'string' ? value.text : undefined;
  }
  return undefined;
}

function template(quasis: readonly import('@babel/types').TemplateElement[], holes: readonly Node[], scope: JsScope, depth: number): JsValue {
  let out: MappedString = templateElementValue(quasis[0], scope);
  for (let i = 0; i < holes.length; i++) {
    const hole = holes[i] as Node;
    const value = evaluate(hole, scope, depth + 1);
    const text = value.kind === 'string' ? value.text : value.kind === 'number' ? String(value.value) : undefined;
    if (text === undefined) return { kind: 'unknown', reason: 'dynamic string', node: hole };
    // The hole's text maps onto `${`, so a fix never edits across it.
    const holeStart = (quasis[i]?.end ?? 0);
    out = concatMapped(out, pinned(text, holeStart, holeStart));
    out = concatMapped(out, templateElementValue(quasis[i + 1], scope));
  }
  return { kind: 'string', ...out };
}

function templateElementValue(q: import('@babel/types').TemplateElement | undefined, scope: JsScope): MappedString {
  return q ? templateElement(q, scope.text) : { text: '', map: [0] };
}

/** The text of a value that must be a string (a name, a SQL literal), or why it is not one. */
export function asString(value: JsValue): MappedString | { unresolved: string } {
  if (value.kind === 'string') return value;
  if (value.kind === 'unknown') return { unresolved: value.reason === 'dynamic value' ? 'dynamic string' : value.reason };
  return { unresolved: 'dynamic string' };
}

/** The value of key `key` of an object value. */
export function prop(value: JsValue | undefined, key: string): JsValue | undefined {
  return value?.kind === 'object' ? value.props.get(key) : undefined;
}

export function str(value: JsValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.text : undefined;
}

export function truthy(value: JsValue | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'number') return value.value !== 0;
  if (value.kind === 'string') return value.text !== '';
  return value.kind !== 'null' && value.kind !== 'undefined';
}
