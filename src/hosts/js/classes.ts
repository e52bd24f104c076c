// What JS/TS migration extractors share: the migration class of a file, its methods and class
// fields, the file's constants, and the calls of a method body in source order.
import type { CallExpression, Class, ClassMethod, ClassProperty, Expression, File, Node } from '@babel/types';
import type { DiscoveryProblem, SourceText } from '../../types.js';
import { parseJs } from './parse.js';
import type { Constants } from './literal.js';

/** Every child node of a node (Babel nodes are plain objects; position and comment fields are not children). */
function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') out.push(item as Node);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') out.push(value as Node);
  }
  return out;
}

/** Depth first, in source order; `visit` returning false skips the node's children. */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of children(node).sort((a, b) => (a.start ?? 0) - (b.start ?? 0))) walk(child, visit);
}

/** `const NAME = <expression>` declared exactly once in the file. */
export function fileConstants(ast: File): Constants {
  const found = new Map<string, Expression>();
  const twice = new Set<string>();
  walk(ast.program, (node) => {
    if (node.type !== 'VariableDeclaration' || node.kind !== 'const') return;
    for (const d of node.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      if (found.has(d.id.name)) twice.add(d.id.name);
      found.set(d.id.name, d.init);
    }
  });
  for (const name of twice) found.delete(name);
  return found;
}

export interface MigrationClass {
  node: Class;
  /** The class name (undefined for an anonymous class expression). */
  name?: string;
  methods: Map<string, ClassMethod>;
  fields: Map<string, ClassProperty>;
}

const keyName = (key: Node): string | undefined => (key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : undefined);

function describeClass(node: Class): MigrationClass {
  const methods = new Map<string, ClassMethod>();
  const fields = new Map<string, ClassProperty>();
  for (const member of node.body.body) {
    if (member.type === 'ClassMethod' && !member.static) {
      const name = keyName(member.key);
      if (name) methods.set(name, member);
    } else if (member.type === 'ClassProperty' && !member.static) {
      const name = keyName(member.key);
      if (name) fields.set(name, member);
    }
  }
  return { node, ...(node.id ? { name: node.id.name } : {}), methods, fields };
}

/** The classes of a file that have an `up` method with a body, in source order. */
export function migrationClasses(ast: File): MigrationClass[] {
  const out: MigrationClass[] = [];
  walk(ast.program, (node) => {
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return;
    const described = describeClass(node);
    if (described.methods.get('up')?.body) out.push(described);
    return false;
  });
  return out;
}

/** A parsed file, or the problem saying where it does not parse (the rest of the set is still linted). */
export function parseMigrationFile(file: SourceText, language: string): { ast: File } | { problem: DiscoveryProblem } {
  const parsed = parseJs(file.text, file.path);
  if ('ast' in parsed) return { ast: parsed.ast };
  const at = Math.min(parsed.error.offset, file.text.length);
  return { problem: { file: file.path, ruleId: 'invalid-file', message: `does not parse as ${language}: ${parsed.error.message}; its migration is not linted`, span: { start: at, end: at } } };
}

/** The dotted path of a callee (`queryRunner.manager.query`, `this.addSql`); undefined for computed ones. */
export function calleePath(call: CallExpression): string[] | undefined {
  const path: string[] = [];
  let node: Node = call.callee;
  for (;;) {
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
      path.unshift(node.property.name);
      node = node.object;
    } else if (node.type === 'Identifier') {
      path.unshift(node.name);
      return path;
    } else if (node.type === 'ThisExpression') {
      path.unshift('this');
      return path;
    } else return undefined;
  }
}

/** Is the node inside a loop of the method (the call may run any number of times)? */
export function loopsOf(body: Node): Array<{ start: number; end: number }> {
  const loops: Array<{ start: number; end: number }> = [];
  walk(body, (node) => {
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.type)) loops.push({ start: node.start ?? 0, end: node.end ?? 0 });
    else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && /^(forEach|map|flatMap|reduce)$/.test(node.callee.property.name)) {
      const fn = node.arguments[0];
      if (fn) loops.push({ start: fn.start ?? 0, end: fn.end ?? 0 });
    }
  });
  return loops;
}
