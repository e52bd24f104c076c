// One Alembic revision file (.py) → HostMigrationFile: `revision`/`down_revision`/`depends_on`, and the
// SQL of upgrade()/downgrade() call by call. `with op.get_context().autocommit_block():` runs its
// operations outside the transaction: Alembic commits before the block and begins again after it, and
// in offline mode writes exactly that COMMIT / BEGIN (alembic/runtime/migration.py autocommit_block).
import type { Span } from '../../types.js';
import type { HostMigrationFile, HostOperation, HostSection } from '../types.js';
import { templateOperations, type TemplatePart } from '../holes.js';
import { alembicOp, type OpScope } from './alembic-ops.js';
import { replaceBindParams } from './bind-params.js';
import { children, parsePython, type SyntaxNode } from './parse.js';
import { coreStatement } from './sa-core.js';
import { lastName } from './sa-schema.js';
import { collectBindings, collectImports, dottedName, evaluate, textOf, type Bindings, type PyValue, type Scope } from './values.js';

export interface AlembicRevisionFile extends HostMigrationFile {
  /** `depends_on`: revisions that must run first without being parents. */
  dependsOn: string[];
}

const OP = 'alembic.op';
const SESSION = /(^|\.)(Session|sessionmaker|scoped_session)$/;

interface Walk {
  scope: Scope;
  ops: OpScope;
  /** Names bound to op.get_bind() (or op.get_context().connection) in this function. */
  binds: Set<string>;
  /** Names bound by `with op.batch_alter_table(...) as name:` → their table. */
  batches: Map<string, { table: string; schema?: string }>;
  autocommit: boolean;
  /** Why the operations found here cannot be read (a batch block on a non-literal table). */
  unresolvedContext?: string;
  helpers: Map<string, SyntaxNode>;
  visiting: Set<string>;
  out: { op: HostOperation; autocommit: boolean }[];
  problems: HostMigrationFile['problems'];
}

const span = (node: SyntaxNode): Span => ({ start: node.from, end: node.to });

function moduleString(module: Bindings, name: string, scope: Scope): { value?: string | null; values?: string[]; node?: SyntaxNode } {
  const bound = module.get(name)?.[0];
  if (!bound) return {};
  const value = evaluate(bound, scope);
  if (value.kind === 'str') return { value: value.value, node: bound };
  if (value.kind === 'none') return { value: null, node: bound };
  if (value.kind === 'seq') return { values: value.items.flatMap((i) => (i.kind === 'str' ? [i.value] : [])), node: bound };
  return { node: bound };
}

export function extractAlembic(text: string): AlembicRevisionFile {
  const parsed = parsePython(text);
  const script = parsed.tree.topNode;
  const problems: HostMigrationFile['problems'] = [];
  if (parsed.error) problems.push({ file: '', ruleId: 'invalid-file', message: `not valid Python: ${parsed.error.message}; its operations are not linted`, span: { start: parsed.error.offset, end: parsed.error.offset } });
  const scope: Scope = { text, imports: collectImports(script, text), module: collectBindings(script, text) };
  const result: AlembicRevisionFile = { problems, dependsOn: [] };

  const revision = moduleString(scope.module, 'revision', scope);
  const down = moduleString(scope.module, 'down_revision', scope);
  const depends = moduleString(scope.module, 'depends_on', scope);
  if (typeof revision.value === 'string') {
    const parents = down.values ?? (typeof down.value === 'string' ? [down.value] : []);
    const at = (down.node ?? revision.node)?.parent ?? script;
    result.revision = { id: revision.value, parents, span: span(at) };
    result.dependsOn = depends.values ?? (typeof depends.value === 'string' ? [depends.value] : []);
  }
  if (parsed.error) return result;

  const functions = new Map<string, SyntaxNode>();
  for (const fn of script.getChildren('FunctionDefinition')) {
    const name = fn.getChild('VariableName');
    if (name) functions.set(textOf(scope, name), fn);
  }
  const ops: OpScope = { enums: new Set() };
  const upgrade = functions.get('upgrade');
  const downgrade = functions.get('downgrade');
  if (upgrade) result.up = section(upgrade, scope, ops, functions, problems);
  if (downgrade) result.down = section(downgrade, scope, { enums: new Set() }, functions, problems);
  return result;
}

function parameters(fn: SyntaxNode, scope: Scope): string[] {
  const list = fn.getChild('ParamList');
  return list ? list.getChildren('VariableName').map((n) => textOf(scope, n)) : [];
}

function section(fn: SyntaxNode, module: Scope, ops: OpScope, helpers: Map<string, SyntaxNode>, problems: HostMigrationFile['problems']): HostSection {
  const body = fn.getChild('Body');
  const walk: Walk = {
    scope: { ...module, local: body ? collectBindings(body, module.text, parameters(fn, module)) : new Map() },
    ops,
    binds: new Set(),
    batches: new Map(),
    autocommit: false,
    helpers,
    visiting: new Set(),
    out: [],
    problems,
  };
  if (body) visit(body, walk);
  return assemble(walk.out, span(fn), body ? span(body) : span(fn));
}

/** The COMMIT / BEGIN Alembic itself sends around an autocommit block. */
export const transactionControl = (sql: 'BEGIN' | 'COMMIT', at: Span): HostOperation => ({ sql, span: at, generated: true, call: sql === 'BEGIN' ? 'Alembic begins its transaction' : 'Alembic commits its transaction' });

/** Operations in order; an autocommit block splits the section into BEGIN … COMMIT runs around it. */
function assemble(found: Walk['out'], fnSpan: Span, bodySpan: Span): HostSection {
  if (!found.some((f) => f.autocommit)) return { operations: found.map((f) => f.op), span: fnSpan };
  const operations: HostOperation[] = [];
  let open = false;
  for (const { op, autocommit } of found) {
    if (!autocommit && !open) operations.push(transactionControl('BEGIN', { start: op.span.start, end: op.span.start }));
    if (autocommit && open) operations.push(transactionControl('COMMIT', { start: op.span.start, end: op.span.start }));
    open = !autocommit;
    operations.push(op);
  }
  if (open) operations.push(transactionControl('COMMIT', { start: bodySpan.end, end: bodySpan.end }));
  return { operations, span: fnSpan, wrap: 'none' };
}

function visit(node: SyntaxNode, walk: Walk): void {
  for (const child of children(node)) {
    if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition' || child.name === 'LambdaExpression') continue;
    if (child.name === 'WithStatement') {
      withStatement(child, walk);
      continue;
    }
    if (child.name === 'AssignStatement') noteBind(child, walk);
    if (child.name === 'CallExpression' && call(child, walk)) continue;
    visit(child, walk);
  }
}

/** `conn = op.get_bind()` makes `conn.execute(...)` an operation. */
function noteBind(assign: SyntaxNode, walk: Walk): void {
  const [target, eq, value] = children(assign);
  if (target?.name !== 'VariableName' || eq?.name !== 'AssignOp' || !value) return;
  if (isBindExpression(value, walk)) walk.binds.add(textOf(walk.scope, target));
}

function isBindExpression(node: SyntaxNode, walk: Walk): boolean {
  if (node.name === 'CallExpression') return node.firstChild ? dottedName(node.firstChild, walk.scope) === `${OP}.get_bind` : false;
  if (node.name === 'MemberExpression' && node.lastChild && textOf(walk.scope, node.lastChild) === 'connection') {
    const object = node.firstChild;
    return object?.name === 'CallExpression' && object.firstChild !== null && dottedName(object.firstChild, walk.scope) === `${OP}.get_context`;
  }
  return false;
}

function withStatement(node: SyntaxNode, walk: Walk): void {
  const body = node.getChild('Body');
  let inner = walk;
  for (const item of children(node)) {
    if (item === body) break;
    if (item.name !== 'CallExpression') continue;
    const callee = item.firstChild;
    const name = callee?.name === 'MemberExpression' && callee.lastChild ? textOf(walk.scope, callee.lastChild) : '';
    // `op.batch_alter_table`, `op.get_context().autocommit_block`, or on a name bound to op.get_context().
    const owner = callee?.firstChild ? evaluate(callee.firstChild, walk.scope) : undefined;
    const fromOp = owner?.kind === 'ref' ? owner.name === OP : owner?.kind === 'call' && owner.callee === `${OP}.get_context`;
    if (name === 'autocommit_block' && fromOp) {
      inner = { ...inner, autocommit: true };
    } else if (name === 'batch_alter_table' && fromOp) {
      const alias = item.nextSibling?.name === 'as' ? item.nextSibling.nextSibling : null;
      const value = evaluate(item, walk.scope);
      const table = value.kind === 'call' ? value.args[0] ?? value.kwargs.get('table_name') : undefined;
      const schema = value.kind === 'call' ? value.kwargs.get('schema') : undefined;
      if (alias && table?.kind === 'str') {
        const batches = new Map(inner.batches);
        batches.set(textOf(walk.scope, alias), { table: table.value, ...(schema?.kind === 'str' ? { schema: schema.value } : {}) });
        inner = { ...inner, batches };
      } else if (alias) {
        const batches = new Map(inner.batches);
        batches.set(textOf(walk.scope, alias), { table: '' });
        inner = { ...inner, batches, unresolvedContext: 'batch_alter_table with a non-literal table name' };
      }
    } else {
      call(item, inner);
    }
  }
  if (body) {
    visit(body, inner);
    walk.out = inner.out;
  }
}

const push = (walk: Walk, op: HostOperation) => walk.out.push({ op: walk.unresolvedContext && op.sql !== undefined ? { span: op.span, unresolved: walk.unresolvedContext, ...(op.call ? { call: op.call } : {}) } : op, autocommit: walk.autocommit });

/** Handles a call if it is an operation (or a helper holding some); true when its arguments need no further visit. */
function call(node: SyntaxNode, walk: Walk): boolean {
  const callee = node.firstChild;
  if (!callee) return false;
  const method = callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName' ? textOf(walk.scope, callee.lastChild) : undefined;
  const object = callee.name === 'MemberExpression' ? callee.firstChild : null;
  const objectName = object && (object.name === 'VariableName' || object.name === 'MemberExpression') ? dottedName(object, walk.scope) : undefined;
  const callText = `${textOf(walk.scope, callee)}(...)`;

  if (method && objectName === OP) return operation(node, method, walk, undefined, callText);
  const batch = method && object?.name === 'VariableName' ? walk.batches.get(textOf(walk.scope, object)) : undefined;
  if (method && batch) return operation(node, method, walk, batch, callText);
  if ((method === 'execute' || method === 'exec_driver_sql') && object && ((object.name === 'VariableName' && walk.binds.has(textOf(walk.scope, object))) || isBindExpression(object, walk))) {
    for (const op of executeOperations(node, walk, callText)) push(walk, op);
    return true;
  }
  const name = dottedName(callee, walk.scope);
  if (name && SESSION.test(name) && (name.startsWith('sqlalchemy') || !name.includes('.'))) {
    push(walk, { span: span(node), unresolved: 'ORM session: its queries depend on the data', call: callText });
    return true;
  }
  if (callee.name === 'VariableName') return helper(node, textOf(walk.scope, callee), walk);
  return false;
}

function operation(node: SyntaxNode, method: string, walk: Walk, batch: { table: string; schema?: string } | undefined, callText: string): boolean {
  if (method === 'execute') {
    for (const op of executeOperations(node, walk, callText)) push(walk, op);
    return true;
  }
  const value = evaluate(node, walk.scope);
  if (value.kind !== 'call') {
    push(walk, { span: span(node), unresolved: value.kind === 'dynamic' ? value.reason : 'call', call: callText });
    return true;
  }
  if (method === 'drop_constraint' && (value.args[0] ?? value.kwargs.get('constraint_name'))?.kind === 'none') {
    // Autogenerate writes this for an unnamed constraint; SQLAlchemy then raises "Can't emit DROP CONSTRAINT … it has no name".
    walk.problems.push({ file: '', ruleId: 'invalid-file', message: `${callText.replace('(...)', '(None, …)')} names no constraint: Alembic raises "Can't emit DROP CONSTRAINT for constraint …; it has no name" and this migration fails here`, span: span(node) });
    return true;
  }
  const outcome = alembicOp(method, value, batch ? { ...walk.ops, batch } : walk.ops);
  if ('none' in outcome) return true;
  if ('unresolved' in outcome) push(walk, { span: span(node), unresolved: outcome.unresolved, call: callText });
  else push(walk, { sql: outcome.sql.join(';\n'), span: span(node), call: callText });
  return true;
}

/** op.execute / conn.execute: literal SQL keeps its positions inside the string. */
function executeOperations(node: SyntaxNode, walk: Walk, callText: string): HostOperation[] {
  const { template, ...op } = executeOperation(node, walk, callText);
  return (template && templateOperations(template, op.span, { call: callText })) || [op];
}

function executeOperation(node: SyntaxNode, walk: Walk, callText: string): HostOperation & { template?: TemplatePart[] } {
  const argList = node.getChild('ArgList');
  const first = argList ? children(argList).find((c) => !['(', ')', ','].includes(c.name)) : undefined;
  if (!first) return { span: span(node), unresolved: 'execute() without SQL', call: callText };
  const statement = withoutBindValues(first, walk.scope);
  const core = coreStatement(statement, walk.scope);
  if (core && 'sql' in core) return { sql: core.sql, span: span(node), call: callText };
  if (core) return { span: span(node), unresolved: core.unresolved, call: callText };
  const value: PyValue = unwrapText(evaluate(statement, walk.scope));
  if (value.kind === 'str') {
    const sql = replaceBindParams(value);
    return { sql: sql.value, span: span(value.node), literalMap: sql.map, call: callText };
  }
  const reason =
    value.kind === 'dynamic' ? value.reason
    : value.kind === 'call' ? `${value.callee.startsWith('sqlalchemy') ? 'SQLAlchemy expression' : 'result of'} ${lastName(value.callee)}()`
    : `SQL from ${value.kind === 'ref' ? value.name : value.kind}`;
  return { span: span(node), unresolved: reason, call: callText, ...(value.kind === 'dynamic' && value.template ? { template: value.template } : {}) };
}

/** `sa.text("…").params(...)` / `.bindparams(...)`: the values bound do not change the SQL text. */
function withoutBindValues(node: SyntaxNode, scope: Scope): SyntaxNode {
  const callee = node.name === 'CallExpression' ? node.firstChild : null;
  if (callee?.name !== 'MemberExpression' || !callee.lastChild || !['params', 'bindparams', 'execution_options'].includes(textOf(scope, callee.lastChild))) return node;
  return callee.firstChild ? withoutBindValues(callee.firstChild, scope) : node;
}

/** sa.text("…") → the literal. */
function unwrapText(value: PyValue): PyValue {
  if (value.kind === 'call' && /(^|\.)text$/.test(value.callee) && value.args[0]) return unwrapText(value.args[0]);
  return value;
}

/** A call to a function of this file: its operations run here. */
function helper(node: SyntaxNode, name: string, walk: Walk): boolean {
  const fn = walk.helpers.get(name);
  if (!fn || walk.visiting.has(name) || name === 'upgrade' || name === 'downgrade') return false;
  const body = fn.getChild('Body');
  if (!body) return false;
  // Its parameters are not constants: operations that use them come out unresolved.
  const inner: Walk = {
    ...walk,
    scope: { ...walk.scope, local: collectBindings(body, walk.scope.text, parameters(fn, walk.scope)) },
    binds: new Set(),
    visiting: new Set([...walk.visiting, name]),
  };
  visit(body, inner);
  walk.out = inner.out;
  return false;
}
