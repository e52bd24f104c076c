// MikroORM migrations: a class extending Migration whose `up()` / `down()` queue SQL with
// `this.addSql(…)` (or run it at once with `this.execute(…)`). `isTransactional()` returning false
// runs the migration without a transaction; otherwise the Migrator's defaults (transactional,
// allOrNothing) run all pending migrations in one master transaction (MigrationRunner.run).
import type { BlockStatement, ClassMethod, File, Node } from '@babel/types';
import type { SourceText, Span } from '../../types.js';
import type { HostMigrationFile, HostOperation, HostSection } from '../types.js';
import { calleePath, fileConstants, loopsOf, migrationClasses, parseMigrationFile, walk, type MigrationClass } from './classes.js';
import { staticString, type Constants } from './literal.js';
import { templateOperations } from '../holes.js';

const SQL_METHODS = new Set(['addSql', 'execute']);

const spanOf = (node: Node): Span => ({ start: node.start ?? 0, end: node.end ?? 0 });

/** `function NAME(this: …) { … }` declared once at the top of the file: helpers a migration calls as `NAME.call(this)`. */
function fileFunctions(ast: File): Map<string, BlockStatement> {
  const found = new Map<string, BlockStatement>();
  const twice = new Set<string>();
  for (const statement of ast.program.body) {
    const fn = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (fn?.type !== 'FunctionDeclaration' || !fn.id) continue;
    if (found.has(fn.id.name)) twice.add(fn.id.name);
    found.set(fn.id.name, fn.body);
  }
  for (const name of twice) found.delete(name);
  return found;
}

interface Scope {
  cls: MigrationClass;
  text: string;
  constants: Constants;
  functions: Map<string, BlockStatement>;
}

/**
 * The SQL a body queues. A helper the body calls with this migration as `this` — a method
 * (`this.helper()`) or a function of the file (`helper.call(this)`) — is read where it is called;
 * a helper reached again from itself is reported, not followed.
 */
function operationsOf(body: Node, scope: Scope, following: ReadonlySet<string> = new Set()): HostOperation[] {
  const { cls, text, constants, functions } = scope;
  const loops = loopsOf(body);
  const ops: HostOperation[] = [];
  const follow = (node: Node, name: string, helper: Node | undefined, shown: string) => {
    if (!helper || following.has(name)) ops.push({ span: spanOf(node), unresolved: `helper function ${shown}${helper ? ', called from itself' : ''}` });
    else ops.push(...operationsOf(helper, scope, new Set([...following, name])));
  };
  walk(body, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = calleePath(node);
    if (callee?.length === 2 && (callee[1] === 'call' || callee[1] === 'apply') && functions.has(callee[0]!) && node.arguments[0]?.type === 'ThisExpression') {
      follow(node, callee[0]!, functions.get(callee[0]!), `${callee[0]}.${callee[1]}(this)`);
      return false;
    }
    if (callee?.length !== 2 || callee[0] !== 'this') return;
    const name = callee[1]!;
    if (cls.methods.has(name) && !SQL_METHODS.has(name)) {
      follow(node, `this.${name}`, cls.methods.get(name)?.body, `this.${name}()`);
      return false;
    }
    if (!SQL_METHODS.has(name)) return;
    const arg = node.arguments[0];
    if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') {
      ops.push({ span: spanOf(node), unresolved: `this.${name}() without SQL` });
      return false;
    }
    const resolved = staticString(arg, text, constants);
    const looped = loops.some((l) => l.start <= (node.start ?? 0) && (node.end ?? 0) <= l.end);
    if (!('unresolved' in resolved)) ops.push({ sql: resolved.value, span: spanOf(node), literalMap: resolved.map });
    else ops.push(...((resolved.template && templateOperations(resolved.template, spanOf(node))) ?? [{ span: spanOf(node), unresolved: `this.${name}(${resolved.unresolved}${looped ? ', in a loop' : ''})` }]));
    return false;
  });
  return ops;
}

/** `isTransactional() { return false }`: the migration runs without a transaction. */
function isTransactional(cls: MigrationClass): boolean | undefined {
  const body = cls.methods.get('isTransactional')?.body.body;
  const ret = body?.length === 1 && body[0]?.type === 'ReturnStatement' ? body[0].argument : undefined;
  return ret?.type === 'BooleanLiteral' ? ret.value : undefined;
}

export interface MikroOrmMigration extends HostMigrationFile {
  className?: string;
}

export function extractMikroOrm(file: SourceText): MikroOrmMigration | undefined {
  const parsed = parseMigrationFile(file, /\.[cm]?tsx?$/.test(file.path) ? 'TypeScript' : 'JavaScript');
  if ('problem' in parsed) return { problems: [parsed.problem] };
  const cls = migrationClasses(parsed.ast)[0];
  if (!cls) return undefined;
  const scope: Scope = { cls, text: file.text, constants: fileConstants(parsed.ast), functions: fileFunctions(parsed.ast) };
  const wrap = isTransactional(cls) === false ? 'none' : undefined;
  const section = (method: ClassMethod): HostSection => ({ operations: operationsOf(method.body, scope), span: spanOf(method), ...(wrap ? { wrap } : {}) });
  const down = cls.methods.get('down');
  return { up: section(cls.methods.get('up')!), ...(down?.body ? { down: section(down) } : {}), problems: [], ...(cls.name ? { className: cls.name } : {}) };
}
