// What a CommonJS or ES migration module exports under a name (`up`, `down`, `config`):
// `exports.up = …`, `module.exports = { up, async down() {} }`, `export async function up`,
// `export const up = …`, `export default { up }`, resolved through local declarations.
import type { Expression, File, Function as BabelFunction, Node, Statement } from '@babel/types';
import { memberPath, unwrap } from './values.js';

export interface MigrationFunction {
  node: BabelFunction;
  /** Parameter names in order ('' for a destructured or missing one). */
  params: string[];
  /** The function's body (a block, or an expression for a concise arrow). */
  body: Node;
}

/** The expression or declaration a module exports as `name`, or undefined. */
export function exportedNode(ast: File, name: string): Node | undefined {
  const locals = localDeclarations(ast.program.body);
  const resolve = (n: Node): Node => {
    const u = unwrap(n);
    if (u.type === 'Identifier') return locals.get(u.name) ?? u;
    return u;
  };
  let found: Node | undefined;
  for (const stmt of ast.program.body) {
    const hit = exportIn(stmt, name, resolve, locals);
    if (hit) found = hit; // the last assignment wins, as at run time
  }
  return found;
}

function exportIn(stmt: Statement, name: string, resolve: (n: Node) => Node, locals: Map<string, Node>): Node | undefined {
  if (stmt.type === 'ExpressionStatement' && stmt.expression.type === 'AssignmentExpression') {
    const target = memberPath(stmt.expression.left);
    const value = stmt.expression.right;
    if (target === `exports.${name}` || target === `module.exports.${name}`) return resolve(value);
    if (target === 'module.exports' || target === 'exports') return fromObject(resolve(value), name, resolve);
  }
  if (stmt.type === 'ExportNamedDeclaration') {
    const d = stmt.declaration;
    if (d?.type === 'FunctionDeclaration' && d.id?.name === name) return d;
    if (d?.type === 'VariableDeclaration') {
      for (const v of d.declarations) if (v.id.type === 'Identifier' && v.id.name === name && v.init) return resolve(v.init);
    }
    for (const s of stmt.specifiers) {
      if (s.type === 'ExportSpecifier' && (s.exported.type === 'Identifier' ? s.exported.name : s.exported.value) === name) {
        return locals.get(s.local.name);
      }
    }
  }
  if (stmt.type === 'ExportDefaultDeclaration' && stmt.declaration.type !== 'TSDeclareFunction') {
    return fromObject(resolve(stmt.declaration), name, resolve);
  }
  return undefined;
}

function fromObject(node: Node, name: string, resolve: (n: Node) => Node): Node | undefined {
  if (node.type !== 'ObjectExpression') return undefined;
  for (const p of node.properties) {
    if (p.type === 'SpreadElement') continue;
    const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    if (key !== name) continue;
    return p.type === 'ObjectMethod' ? p : resolve(p.value);
  }
  return undefined;
}

/** Top-level functions, classes and `const`/`let` initialisers by name. */
function localDeclarations(body: readonly Statement[]): Map<string, Node> {
  const locals = new Map<string, Node>();
  for (const stmt of body) {
    const s = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
    if (s.type === 'FunctionDeclaration' && s.id) locals.set(s.id.name, s);
    if (s.type === 'VariableDeclaration') {
      for (const v of s.declarations) if (v.id.type === 'Identifier' && v.init) locals.set(v.id.name, unwrap(v.init));
    }
  }
  return locals;
}

/** The function a module exports as `name` (`up`, `down`), or undefined. */
export function exportedFunction(ast: File, name: string): MigrationFunction | undefined {
  const node = exportedNode(ast, name);
  return node ? asFunction(node) : undefined;
}

export function asFunction(node: Node): MigrationFunction | undefined {
  const n = unwrap(node);
  if (n.type !== 'FunctionDeclaration' && n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression' && n.type !== 'ObjectMethod' && n.type !== 'ClassMethod') return undefined;
  const params = n.params.map((p) => {
    const q = p.type === 'AssignmentPattern' ? p.left : p;
    return q.type === 'Identifier' ? q.name : '';
  });
  return { node: n, params, body: n.body as Expression };
}
