// Knex migrations (`exports.up = (knex) => …`, `export async function up(knex)`): `knex.raw(…)`,
// `knex.schema.raw(…)` as literal SQL, and the schema builder translated as Knex's PostgreSQL
// compilers do it — knex/knex lib/dialects/postgres/schema/pg-tablecompiler.js (rename, add column,
// index/unique/primary/drop* statements), pg-columncompiler.js (serial, timestamptz, varchar, jsonb …)
// and lib/schema/tablecompiler.js (one `alter table … add column …, add column …` for the added
// columns, then the table statements in call order; `<table>_<columns>_<index|unique|foreign>` names).
// A migration runs in its own transaction unless the module exports `config = { transaction: false }`.
import type { Node } from '@babel/types';
import type { HostMigrationFile, HostOperation } from '../types.js';
import { exportedNode } from './exports.js';
import { extractJsMigration, type JsOrm, type SectionInput } from './extract.js';
import { addPrimary, column, foreignKey, indexName, type ColumnDef, type TableState } from './knex-column.js';
import { COLUMN_TYPES, columnType, truthyBool } from './knex-column-types.js';
import { quoteDotted, quoteString } from './sql.js';
import { evaluate, prop, str, unwrap, type JsValue } from './values.js';
import {
  builderOperation, callChain, chainRoot, literalOperation, unresolvedOperation, walkOperations,
  type ChainLink, type WalkContext,
} from './walk.js';

const NO_SQL = new Set(['hasColumn', 'hasTable', 'hasView']);
/** Table builder methods that return the table builder itself (tablebuilder.js `return this`). */
const RETURNS_TABLE = new Set(['index', 'primary', 'unique', 'dropPrimary', 'dropUnique', 'dropIndex', 'dropForeign', 'renameColumn', 'dropTimestamps', 'setNullable', 'dropNullable', 'dropColumn', 'dropColumns']);
const PROMISE = new Set(['then', 'catch', 'finally']);

function recognise(node: Node, ctx: WalkContext): HostOperation[] | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const root = chainRoot(node);
  if (!root || !ctx.roots.has(root)) return undefined;
  const { base, links } = callChain(node);
  if (base === `${root}.schema`) return schemaChain(links, root, ctx);
  if (base === root && links[0]?.method === 'raw') return [rawOperation(links[0], ctx, `${root}.raw`), ...promiseCallbacks(links.slice(1), ctx)];
  const callee = unwrap(node.callee);
  const what = base === root && links[0] ? `${root}.${links[0].method}` : `${root}(…)`;
  if (callee.type === 'MemberExpression' && base === `${root}.fn`) return []; // knex.fn.now() outside a builder: a value
  return [unresolvedOperation(node, `query builder ${what}`, what)];
}

function rawOperation(link: ChainLink, ctx: WalkContext, name: string): HostOperation {
  if (link.args.length > 1) return unresolvedOperation(link.call, 'raw SQL with bindings', name);
  return literalOperation(link.args[0], link.call, ctx, name);
}

function promiseCallbacks(links: ChainLink[], ctx: WalkContext): HostOperation[] {
  const ops: HostOperation[] = [];
  for (const link of links) {
    if (!PROMISE.has(link.method)) {
      ops.push(unresolvedOperation(link.call, `unsupported call .${link.method}()`, link.method));
      continue;
    }
    for (const arg of link.args) ops.push(...walkOperations(arg, ctx, recogniser));
  }
  return ops;
}

function schemaChain(links: ChainLink[], root: string, ctx: WalkContext): HostOperation[] {
  const ops: HostOperation[] = [];
  let schema: string | undefined;
  for (const [i, link] of links.entries()) {
    const name = `${root}.schema.${link.method}`;
    const args = link.args.map((a) => evaluate(a, ctx.scope));
    const tableName = str(args[0]);
    const table = tableName === undefined ? undefined : quoteDotted(schema ? `${schema}.${tableName}` : tableName);
    const plain = (sql: string) => ops.push(builderOperation(sql, link.call, name));
    switch (link.method) {
      case 'withSchema':
        schema = str(args[0]);
        if (schema === undefined) ops.push(unresolvedOperation(link.call, 'dynamic schema name', name));
        break;
      case 'createTable':
      case 'createTableIfNotExists':
      case 'table':
      case 'alterTable': {
        if (!table) {
          ops.push(unresolvedOperation(link.call, 'dynamic table name', name));
          break;
        }
        const create = link.method.startsWith('create');
        ops.push(...tableBuilder(link, table, tableName ?? '', create ? (link.method === 'createTable' ? 'create table' : 'create table if not exists') : undefined, ctx, name));
        break;
      }
      case 'dropTable':
      case 'dropTableIfExists':
        if (table) plain(`drop table ${link.method === 'dropTable' ? '' : 'if exists '}${table}`);
        else ops.push(unresolvedOperation(link.call, 'dynamic table name', name));
        break;
      case 'renameTable': {
        const to = str(args[1]);
        if (table && to !== undefined) plain(`alter table ${table} rename to ${quoteDotted(to)}`);
        else ops.push(unresolvedOperation(link.call, 'dynamic table name', name));
        break;
      }
      case 'dropView':
      case 'dropViewIfExists':
        if (table) plain(`drop view ${link.method === 'dropView' ? '' : 'if exists '}${table}`);
        else ops.push(unresolvedOperation(link.call, 'dynamic view name', name));
        break;
      case 'createExtension':
      case 'createExtensionIfNotExists':
      case 'dropExtension':
      case 'dropExtensionIfExists': {
        const verb = link.method.startsWith('create') ? 'create' : 'drop';
        const guard = link.method.endsWith('IfNotExists') ? ' if not exists' : link.method.endsWith('IfExists') ? ' if exists' : '';
        if (tableName !== undefined) plain(`${verb} extension${guard} "${tableName}"`);
        else ops.push(unresolvedOperation(link.call, 'dynamic extension name', name));
        break;
      }
      case 'raw':
        ops.push(rawOperation(link, ctx, name));
        break;
      default:
        if (NO_SQL.has(link.method)) break;
        if (PROMISE.has(link.method)) {
          ops.push(...promiseCallbacks(links.slice(i), ctx));
          return ops;
        }
        ops.push(unresolvedOperation(link.call, `unsupported schema builder ${name}()`, name));
    }
  }
  return ops;
}

// ---- table builder -------------------------------------------------------------------------------

function tableBuilder(link: ChainLink, table: string, rawTable: string, create: string | undefined, ctx: WalkContext, name: string): HostOperation[] {
  const callback = link.args[1] ? unwrap(link.args[1]) : undefined;
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) {
    return [unresolvedOperation(link.call, 'table builder callback is not a function literal', name)];
  }
  const param = callback.params[0];
  const root = [...ctx.roots][0] ?? 'knex';
  const state: TableState = { table, rawTable, root, columns: [], statements: [], creating: create !== undefined, hasPrimary: false };
  if (!param || param.type !== 'Identifier') return [];
  const tableParam = param.name;
  const recogniseTableCall = (node: Node): HostOperation[] | undefined => {
    if (node.type !== 'CallExpression' || chainRoot(node) !== tableParam) return undefined;
    const chain = callChain(node);
    if (chain.base !== tableParam) return undefined;
    tableCall(chain.links, state, ctx);
    return [];
  };
  const inner = walkOperations(callback.body, { scope: ctx.scope, roots: new Set([tableParam, ...ctx.roots]) }, (n, c) => recogniseTableCall(n) ?? recognise(n, c));
  const ops: HostOperation[] = [];
  const columnSql = state.columns.map((c) => c.sql.replace(/ primary key$/, state.hasPrimary ? '' : ' primary key'));
  if (create) {
    ops.push(builderOperation(`${create} ${table} (${columnSql.join(', ')}${state.inlinePrimary ?? ''})`, link.call, name));
  } else if (state.columns.length > 0) {
    const anchor = state.columns.length === 1 ? (state.columns[0] as ColumnDef).call : link.call;
    ops.push(builderOperation(`alter table ${table} ${columnSql.map((c) => `add column ${c}`).join(', ')}`, anchor, name));
  }
  return [...ops, ...state.statements, ...inner];
}

function tableCall(links: ChainLink[], state: TableState, ctx: WalkContext): void {
  const [head, ...modifiers] = links;
  if (!head) return;
  if (RETURNS_TABLE.has(head.method) && modifiers.length > 0) {
    // tablebuilder.js: these return the table builder, so the chain goes on with another table call
    tableCall([head], state, ctx);
    tableCall(modifiers, state, ctx);
    return;
  }
  const args = head.args.map((a) => evaluate(a, ctx.scope));
  const method = head.method;
  const anchor = links[links.length - 1]?.call ?? head.call;
  const push = (sql: string): void => void state.statements.push(builderOperation(sql, anchor, `table.${method}`));
  const fail = (reason: string): void => void state.statements.push(unresolvedOperation(anchor, reason, `table.${method}`));
  const t = state.table;

  if (method === 'timestamps') {
    const type = 'timestamptz'; // timestamp() and datetime() are both timestamptz on PostgreSQL
    const mods = truthyBool(args[1]) ? ' not null default CURRENT_TIMESTAMP' : '';
    const [c, u] = truthyBool(args[2]) ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at'];
    state.columns.push({ sql: `"${c}" ${type}${mods}`, call: anchor }, { sql: `"${u}" ${type}${mods}`, call: anchor });
    return;
  }
  const columnName = str(args[0]) ?? (method === 'increments' || method === 'bigIncrements' ? 'id' : undefined);
  const type = columnType(method, args, columnName ?? '');
  if (COLUMN_TYPES.has(method)) {
    if (columnName === undefined) return fail('dynamic column name');
    if (type === undefined) return fail(`unsupported column type table.${method}()`);
    column(columnName, type, method, modifiers, state, ctx, anchor);
    return;
  }

  const list = columnList(args[0]);
  const cols = list?.names;
  const colSql = list?.sql;
  const named = (type: string) => str(args[1]) ?? str(prop(args[1], 'indexName')) ?? indexName(state.rawTable, cols ?? [], type);
  switch (method) {
    case 'dropColumn':
    case 'dropColumns': {
      const names = head.args.map((a) => str(evaluate(a, ctx.scope)));
      if (names.some((n) => n === undefined)) return fail('dynamic column name');
      return push(`alter table ${t} ${(names as string[]).map((n) => `drop column ${quoteDotted(n)}`).join(', ')}`);
    }
    case 'dropTimestamps':
      return push(`alter table ${t} drop column ${truthyBool(args[0]) ? '"createdAt", drop column "updatedAt"' : '"created_at", drop column "updated_at"'}`);
    case 'renameColumn': {
      const to = str(args[1]);
      if (columnName === undefined || to === undefined) return fail('dynamic column name');
      return push(`alter table ${t} rename ${quoteDotted(columnName)} to ${quoteDotted(to)}`);
    }
    case 'setNullable':
    case 'dropNullable':
      if (columnName === undefined) return fail('dynamic column name');
      return push(`alter table ${t} alter column ${quoteDotted(columnName)} ${method === 'setNullable' ? 'drop not null' : 'set not null'}`);
    case 'index': {
      if (!colSql) return fail('dynamic index columns');
      const options = args[2];
      const using = str(options) ?? str(prop(options, 'indexType'));
      if (prop(options, 'predicate')) return fail('index predicate built by a query builder');
      return push(`create index ${quoteDotted(named('index'))} on ${t}${using ? ` using ${using}` : ''} (${colSql})`);
    }
    case 'unique': {
      if (!colSql) return fail('dynamic index columns');
      if (prop(args[1], 'useConstraint')?.kind === 'boolean' && !truthyBool(prop(args[1], 'useConstraint'))) {
        return push(`create unique index ${quoteDotted(named('unique'))} on ${t} (${colSql})`);
      }
      return push(`alter table ${t} add constraint ${quoteDotted(named('unique'))} unique (${colSql})${deferrable(args[1])}`);
    }
    case 'primary': {
      if (!colSql) return fail('dynamic primary key columns');
      const constraint = str(args[1]) ?? str(prop(args[1], 'constraintName')) ?? `${state.rawTable}_pkey`;
      return addPrimary(state, constraint, colSql, deferrable(args[1]), push);
    }
    case 'foreign': {
      if (!colSql) return fail('dynamic foreign key columns');
      const fk = foreignKey(modifiers, ctx);
      if (!fk) return fail('foreign key without references()/inTable()');
      const constraint = str(args[1]) ?? indexName(state.rawTable, cols ?? [], 'foreign');
      return push(`alter table ${t} add constraint ${quoteDotted(constraint)} foreign key (${colSql}) references ${fk}`);
    }
    case 'dropIndex':
      if (!cols && str(args[1]) === undefined) return fail('dynamic index columns');
      return push(`drop index ${quoteDotted(named('index'))}`);
    case 'dropUnique':
    case 'dropForeign': {
      if (!cols && str(args[1]) === undefined) return fail('dynamic index columns');
      return push(`alter table ${t} drop constraint ${quoteDotted(named(method === 'dropUnique' ? 'unique' : 'foreign'))}`);
    }
    case 'dropPrimary':
      return push(`alter table ${t} drop constraint ${quoteDotted(str(args[0]) ?? `${state.rawTable}_pkey`)}`);
    case 'comment':
      if (str(args[0]) === undefined) return fail('dynamic comment');
      return push(`comment on table ${t} is ${quoteString(str(args[0]) as string)}`);
    default:
      return fail(`unsupported table builder table.${method}()`);
  }
}

function deferrable(options: JsValue | undefined): string {
  const d = str(prop(options, 'deferrable'));
  return d ? ` deferrable initially ${d}` : '';
}

/** A column list argument: 'a' or ['a', knex.raw('b desc')], as names (for index names) and as SQL. */
function columnList(value: JsValue | undefined): { names: string[]; sql: string } | undefined {
  const items = value?.kind === 'array' ? value.items : value ? [value] : [];
  const names: string[] = [];
  const sql: string[] = [];
  for (const item of items) {
    if (item.kind === 'string') {
      names.push(item.text);
      sql.push(quoteDotted(item.text));
    } else if (item.kind === 'ref' && item.path.endsWith('.raw') && item.args?.[0]?.kind === 'string') {
      names.push(item.args[0].text);
      sql.push(item.args[0].text);
    } else return undefined;
  }
  return items.length > 0 ? { names, sql: sql.join(', ') } : undefined;
}

const recogniser = (node: Node, ctx: WalkContext) => recognise(node, ctx);

/** `exports.config = { transaction: false }` / `export const config = { transaction: false }`. */
function transactionDisabled(file: SectionInput): boolean {
  const node = exportedNode(file.ast, 'config');
  if (!node) return false;
  const value = evaluate(node, file.scope);
  const t = prop(value, 'transaction');
  return t?.kind === 'boolean' && !t.value;
}

export const knexOrm: JsOrm = {
  title: 'Knex',
  recognise: recogniser,
  sectionWrap: (file) => (transactionDisabled(file) ? 'none' : undefined),
};

/** The SQL of one Knex migration file. */
export function extractKnex(text: string, path: string): HostMigrationFile {
  return extractJsMigration(text, path, knexOrm);
}
