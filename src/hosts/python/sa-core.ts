// SQLAlchemy Core statements built in a data migration — sa.select(t.c.a).where(t.c.b == x),
// sa.update(t).where(…).values(a=x), sa.insert(t).values(…), sa.delete(t).where(…) — on tables named by
// `meta.tables["name"]` or `sa.table("name", …)`, rendered as SQLAlchemy's compiler does with every
// Python value as a bound parameter ($n): the shape of the statement is static, its values are data.
import { children, type SyntaxNode } from './parse.js';
import { quoteIdent } from './sql-text.js';
import { dottedName, textOf, type Scope } from './values.js';

class NotCore extends Error {}

const KINDS = new Set(['select', 'update', 'insert', 'delete']);
const COMPARE: Record<string, string> = { '==': '=', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

interface Step {
  method: string;
  args: SyntaxNode[];
  kwargs: [string, SyntaxNode][];
}

function argumentsOf(call: SyntaxNode, scope: Scope): Pick<Step, 'args' | 'kwargs'> {
  const list = call.getChild('ArgList');
  const parts = list ? children(list).filter((c) => !['(', ')', ','].includes(c.name)) : [];
  const args: SyntaxNode[] = [];
  const kwargs: [string, SyntaxNode][] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as SyntaxNode;
    if (part.name === '*' || part.name === '**') throw new NotCore('*arguments');
    if (part.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      kwargs.push([textOf(scope, part), parts[i + 2] as SyntaxNode]);
      i += 2;
    } else args.push(part);
  }
  return { args, kwargs };
}

/** The chain from its root call outwards: sa.update(t) → .where(…) → .values(…). */
function chain(node: SyntaxNode, scope: Scope): { root: string; steps: Step[] } | undefined {
  const steps: Step[] = [];
  let at: SyntaxNode | null = node;
  while (at?.name === 'CallExpression') {
    const callee: SyntaxNode | null = at.firstChild;
    if (!callee) return undefined;
    const name = dottedName(callee, scope);
    if (name !== undefined) {
      steps.unshift({ method: name, ...argumentsOf(at, scope) });
      return { root: name, steps };
    }
    if (callee.name !== 'MemberExpression' || !callee.lastChild) return undefined;
    steps.unshift({ method: textOf(scope, callee.lastChild), ...argumentsOf(at, scope) });
    at = callee.firstChild;
  }
  return undefined;
}

class Render {
  params = new Map<string, number>();
  constructor(readonly scope: Scope) {}

  param(node: SyntaxNode): string {
    const key = textOf(this.scope, node);
    const n = this.params.get(key) ?? this.params.set(key, this.params.size + 1).size;
    return `$${n}`;
  }

  /** `meta.tables["name"]`, `sa.table("name", …)`, or a name bound once to one of those. */
  table(node: SyntaxNode, seen = new Set<string>()): string {
    if (node.name === 'VariableName') {
      const name = textOf(this.scope, node);
      const bound = this.scope.local?.get(name) ?? this.scope.module.get(name);
      const value = bound?.length === 1 ? bound[0] : undefined;
      if (!value || seen.has(name)) throw new NotCore(`table \`${name}\` is not a constant`);
      return this.table(value, new Set([...seen, name]));
    }
    const parts = children(node);
    if (node.name === 'MemberExpression' && parts[1]?.name === '[' && parts[2]?.name === 'String') return textOf(this.scope, parts[2]).slice(1, -1);
    if (node.name === 'CallExpression' && node.firstChild && /^sqlalchemy\.(table|Table)$/.test(dottedName(node.firstChild, this.scope) ?? '')) {
      const first = argumentsOf(node, this.scope).args[0];
      if (first?.name === 'String') return textOf(this.scope, first).slice(1, -1);
    }
    throw new NotCore('table not named by a literal');
  }

  /** `t.c.name` → `table.name`; anything else is a bound value. */
  operand(node: SyntaxNode): string {
    const column = this.column(node);
    return column ?? this.param(node);
  }

  column(node: SyntaxNode): string | undefined {
    if (node.name !== 'MemberExpression' || node.lastChild?.name !== 'PropertyName') return undefined;
    const c = node.firstChild;
    if (c?.name !== 'MemberExpression' || !c.lastChild || textOf(this.scope, c.lastChild) !== 'c' || !c.firstChild) return undefined;
    return `${quoteIdent(this.table(c.firstChild))}.${quoteIdent(textOf(this.scope, node.lastChild))}`;
  }

  condition(node: SyntaxNode): string {
    if (node.name === 'ParenthesizedExpression' && node.firstChild?.nextSibling) return `(${this.condition(node.firstChild.nextSibling)})`;
    if (node.name === 'BinaryExpression') {
      const [left, op, right] = children(node);
      const symbol = op ? textOf(this.scope, op) : '';
      if (left && right && symbol in COMPARE) {
        if (right.name === 'None') return `${this.operand(left)} IS ${symbol === '==' ? '' : 'NOT '}NULL`;
        return `${this.operand(left)} ${COMPARE[symbol]} ${this.operand(right)}`;
      }
      if (left && right && (symbol === '&' || symbol === '|')) return `${this.condition(left)} ${symbol === '&' ? 'AND' : 'OR'} ${this.condition(right)}`;
    }
    if (node.name === 'CallExpression' && node.firstChild) {
      const name = dottedName(node.firstChild, this.scope);
      const { args } = argumentsOf(node, this.scope);
      if (name === 'sqlalchemy.and_' || name === 'sqlalchemy.or_') return args.map((a) => this.condition(a)).join(name.endsWith('and_') ? ' AND ' : ' OR ');
      const callee = node.firstChild;
      const method = callee.name === 'MemberExpression' && callee.lastChild ? textOf(this.scope, callee.lastChild) : '';
      const target = callee.firstChild ? this.column(callee.firstChild) : undefined;
      if (target && (method === 'in_' || method === 'not_in') && args[0]) return `${target} ${method === 'in_' ? 'IN' : 'NOT IN'} (${this.param(args[0])})`;
      if (target && (method === 'is_' || method === 'isnot' || method === 'is_not')) return `${target} IS ${method === 'is_' ? '' : 'NOT '}NULL`;
    }
    throw new NotCore('condition');
  }
}

/** SQL of a Core statement expression; undefined when `node` is not one; `unresolved` when it is one we cannot render. */
export function coreStatement(node: SyntaxNode, scope: Scope): { sql: string } | { unresolved: string } | undefined {
  const found = chain(node, scope);
  if (!found || !found.root.startsWith('sqlalchemy.')) return undefined;
  const kind = found.root.slice(found.root.lastIndexOf('.') + 1);
  if (!KINDS.has(kind)) return undefined;
  const render = new Render(scope);
  try {
    const [root, ...steps] = found.steps as [Step, ...Step[]];
    const where: string[] = [];
    const values: [string, string][] = [];
    const unknown = steps.find((s) => !['where', 'filter', 'values'].includes(s.method));
    if (unknown) throw new NotCore(`.${unknown.method}()`);
    // SET values are numbered before WHERE ones, in the order SQLAlchemy renders them.
    for (const step of steps) if (step.method === 'values') values.push(...step.kwargs.map(([k, v]): [string, string] => [quoteIdent(k), render.param(v)]));
    for (const step of steps) if (step.method !== 'values') where.push(...step.args.map((a) => render.condition(a)));
    const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    if (kind === 'select') {
      const columns = root.args.map((a) => render.column(a) ?? `${quoteIdent(render.table(a))}.*`);
      const tables = [...new Set(columns.map((c) => c.slice(0, c.lastIndexOf('.'))))];
      return { sql: `SELECT ${columns.join(', ')} FROM ${tables.join(', ')}${whereSql}` };
    }
    if (!root.args[0]) throw new NotCore('no table');
    const table = quoteIdent(render.table(root.args[0]));
    if (kind === 'update') return { sql: `UPDATE ${table} SET ${values.map(([k, v]) => `${k}=${v}`).join(', ')}${whereSql}` };
    if (kind === 'insert') return { sql: `INSERT INTO ${table} (${values.map(([k]) => k).join(', ')}) VALUES (${values.map(([, v]) => v).join(', ')})` };
    return { sql: `DELETE FROM ${table}${whereSql}` };
  } catch (error) {
    if (error instanceof NotCore) return { unresolved: `SQLAlchemy expression ${kind}(): ${error.message}` };
    throw error;
  }
}
