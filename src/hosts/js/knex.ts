// Knex migrations (`exports.up = (knex) => …`, `export async function up(knex)`): `knex.raw(…)`,
// `knex.schema.raw(…)` as literal SQL, and the schema builder translated as Knex's PostgreSQL
// compilers do it — knex/knex lib/dialects/postgres/schema/pg-tablecompiler.js (rename, add column,
// index/unique/primary/drop* statements), pg-columncompiler.js (serial, timestamptz, varchar, jsonb …)
// and lib/schema/tablecompiler.js (one `alter table … add column …, add column …` for the added
// columns, then the table statements in call order; `<table>_<columns>_<index|unique|foreign>` names).
// A migration runs in its own transaction unless the module exports `config = { transaction: false }`.
import type { CallExpression, Node } from '@babel/types';
import type { HostMigrationFile, HostOperation } from '../types.js';
import { exportedNode } from './exports.js';
import { extractJsMigration, type JsOrm, type SectionInput } from './extract.js';
import { quoteDotted, quoteString } from './sql.js';
import { evaluate, prop, str, unwrap, type JsValue } from './values.js';
import {
  builderOperation, callChain, chainRoot, literalOperation, unresolvedOperation, walkOperations,
  type ChainLink, type WalkContext,
} from './walk.js';

const NO_SQL = new Set(['hasColumn', 'hasTable', 'hasView']);
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

interface ColumnDef {
  sql: string;
  call: CallExpression;
}

interface TableState {
  table: string;
  rawTable: string;
  root: string;
  columns: ColumnDef[];
  /** Table statements in call order (index, unique, foreign, drop …) with the call they come from. */
  statements: HostOperation[];
  hasPrimary: boolean;
}

function tableBuilder(link: ChainLink, table: string, rawTable: string, create: string | undefined, ctx: WalkContext, name: string): HostOperation[] {
  const callback = link.args[1] ? unwrap(link.args[1]) : undefined;
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) {
    return [unresolvedOperation(link.call, 'table builder callback is not a function literal', name)];
  }
  const param = callback.params[0];
  const root = [...ctx.roots][0] ?? 'knex';
  const state: TableState = { table, rawTable, root, columns: [], statements: [], hasPrimary: false };
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
    ops.push(builderOperation(`${create} ${table} (${columnSql.join(', ')})`, link.call, name));
  } else if (state.columns.length > 0) {
    const anchor = state.columns.length === 1 ? (state.columns[0] as ColumnDef).call : link.call;
    ops.push(builderOperation(`alter table ${table} ${columnSql.map((c) => `add column ${c}`).join(', ')}`, anchor, name));
  }
  return [...ops, ...state.statements, ...inner];
}

const COLUMN_TYPES = new Set([
  'increments', 'bigIncrements', 'bigincrements', 'integer', 'mediumint', 'bigInteger', 'biginteger', 'bigint', 'smallint',
  'tinyint', 'text', 'string', 'varchar', 'float', 'double', 'decimal', 'boolean', 'date', 'time', 'datetime', 'timestamp',
  'binary', 'json', 'jsonb', 'uuid', 'specificType', 'enu', 'enum',
]);

/** Knex PostgreSQL column types (pg-columncompiler.js, columncompiler.js). */
function columnType(method: string, args: JsValue[], column: string): string | undefined {
  const num = (v: JsValue | undefined, fallback: number) => (v?.kind === 'number' ? v.value : fallback);
  switch (method) {
    case 'increments': return prop(args[1], 'primaryKey')?.kind === 'boolean' && !truthyBool(prop(args[1], 'primaryKey')) ? 'serial' : 'serial primary key';
    case 'bigIncrements':
    case 'bigincrements': return prop(args[1], 'primaryKey')?.kind === 'boolean' && !truthyBool(prop(args[1], 'primaryKey')) ? 'bigserial' : 'bigserial primary key';
    case 'integer':
    case 'mediumint': return 'integer';
    case 'bigInteger':
    case 'biginteger':
    case 'bigint': return 'bigint';
    case 'smallint':
    case 'tinyint': return 'smallint';
    case 'text': return 'text';
    case 'string':
    case 'varchar': return `varchar(${num(args[1], 255)})`;
    case 'float': return 'real';
    case 'double': return 'double precision';
    case 'decimal':
      return args[1]?.kind === 'null' ? 'decimal' : `decimal(${num(args[1], 8)}, ${num(args[2], 2)})`;
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'time': return 'time';
    case 'datetime':
    case 'timestamp': {
      const opt = args[1];
      const useTz = opt?.kind === 'object' ? prop(opt, 'useTz')?.kind !== 'boolean' || truthyBool(prop(opt, 'useTz')) : !(opt?.kind === 'boolean' && opt.value);
      const precision = opt?.kind === 'object' ? prop(opt, 'precision') : args[2];
      return `${useTz ? 'timestamptz' : 'timestamp'}${precision?.kind === 'number' ? `(${precision.value})` : ''}`;
    }
    case 'binary': return 'bytea';
    case 'json': return 'json';
    case 'jsonb': return 'jsonb';
    case 'uuid': return 'uuid';
    case 'specificType': return str(args[1]);
    case 'enu':
    case 'enum': {
      const values = args[1]?.kind === 'array' ? args[1].items.map(str) : undefined;
      if (!values || values.some((v) => v === undefined) || truthyBool(prop(args[2], 'useNative'))) return undefined;
      return `text check (${quoteDotted(column)} in (${(values as string[]).map(quoteString).join(', ')}))`;
    }
    default: return undefined;
  }
}

const truthyBool = (v: JsValue | undefined) => v?.kind === 'boolean' && v.value;

function tableCall(links: ChainLink[], state: TableState, ctx: WalkContext): void {
  const [head, ...modifiers] = links;
  if (!head) return;
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
      state.hasPrimary = true;
      const constraint = str(args[1]) ?? str(prop(args[1], 'constraintName')) ?? `${state.rawTable}_pkey`;
      return push(`alter table ${t} add constraint ${quoteDotted(constraint)} primary key (${colSql})${deferrable(args[1])}`);
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

function column(name: string, type: string, method: string, modifiers: ChainLink[], state: TableState, ctx: WalkContext, anchor: CallExpression): void {
  const t = state.table;
  const col = quoteDotted(name);
  let nullable: string | undefined;
  let defaultTo: string | undefined;
  let alter = false;
  const extra: string[] = [];
  const fkLinks: ChainLink[] = [];
  const push = (sql: string) => state.statements.push(builderOperation(sql, anchor, `table.${method}`));
  for (const m of modifiers) {
    const args = m.args.map((a) => evaluate(a, ctx.scope));
    switch (m.method) {
      case 'notNullable': nullable = 'not null'; break;
      case 'nullable': nullable = 'null'; break;
      case 'defaultTo': {
        const value = defaultValue(args[0], method, state.root);
        if (value === undefined) {
          state.statements.push(unresolvedOperation(m.call, 'dynamic default value', `table.${method}().defaultTo`));
          return;
        }
        defaultTo = value;
        break;
      }
      case 'unique':
        extra.push(`alter table ${t} add constraint ${quoteDotted(str(args[0]) ?? str(prop(args[0], 'indexName')) ?? indexName(state.rawTable, [name], 'unique'))} unique (${col})`);
        break;
      case 'index':
        extra.push(`create index ${quoteDotted(str(args[0]) ?? indexName(state.rawTable, [name], 'index'))} on ${t}${str(args[1]) ? ` using ${str(args[1])}` : ''} (${col})`);
        break;
      case 'primary':
        state.hasPrimary = true;
        extra.push(`alter table ${t} add constraint ${quoteDotted(str(args[0]) ?? str(prop(args[0], 'constraintName')) ?? `${state.rawTable}_pkey`)} primary key (${col})`);
        break;
      case 'references':
      case 'inTable':
      case 'onDelete':
      case 'onUpdate':
      case 'withKeyName':
      case 'deferrable':
        fkLinks.push(m);
        break;
      case 'comment':
        if (str(args[0]) !== undefined) extra.push(`comment on column ${t}.${col} is ${quoteString(str(args[0]) as string)}`);
        break;
      case 'alter':
        alter = true;
        break;
      case 'unsigned':
      case 'after':
      case 'first':
      case 'collate':
        break;
      default:
        state.statements.push(unresolvedOperation(m.call, `unsupported column modifier .${m.method}()`, `table.${method}`));
        return;
    }
  }
  if (fkLinks.length > 0) {
    const fk = foreignKey(fkLinks, ctx);
    if (!fk) state.statements.push(unresolvedOperation(anchor, 'foreign key without a referenced table', `table.${method}`));
    else {
      const keyName = str(evaluate(fkLinks.find((l) => l.method === 'withKeyName')?.args[0] ?? anchor, ctx.scope));
      extra.push(`alter table ${t} add constraint ${quoteDotted(keyName ?? indexName(state.rawTable, [name], 'foreign'))} foreign key (${col}) references ${fk}`);
    }
  }
  if (alter) {
    // pg-tablecompiler.js addColumns with the alter prefix: four statements per column.
    const typeOnly = type.replace(/ primary key$/, '');
    const stmts = [
      `alter table ${t} alter column ${col} drop default`,
      `alter table ${t} alter column ${col} drop not null`,
      `alter table ${t} alter column ${col} type ${typeOnly} using (${col}::${typeOnly})`,
    ];
    if (defaultTo) stmts.push(`alter table ${t} alter column ${col} set ${defaultTo}`);
    if (nullable === 'not null') stmts.push(`alter table ${t} alter column ${col} set not null`);
    push(stmts.join(';\n'));
  } else {
    const isIncrements = /increments$/i.test(method);
    const mods = isIncrements ? [] : [nullable, defaultTo].filter((s): s is string => s !== undefined);
    state.columns.push({ sql: [`${col} ${type}`, ...mods].join(' '), call: anchor });
  }
  for (const sql of extra) push(sql);
}

/** `references('users.id')` / `.references('id').inTable('users')` with on delete/update. */
function foreignKey(links: ChainLink[], ctx: WalkContext): string | undefined {
  let table: string | undefined;
  let column: string | undefined;
  let tail = '';
  for (const l of links) {
    const v = str(l.args[0] ? evaluate(l.args[0], ctx.scope) : undefined);
    if (l.method === 'references' && v !== undefined) {
      const dot = v.lastIndexOf('.');
      if (dot > 0) {
        table = v.slice(0, dot);
        column = v.slice(dot + 1);
      } else column = v;
    }
    if (l.method === 'inTable' && v !== undefined) table = v;
    if (l.method === 'onDelete' && v !== undefined) tail += ` on delete ${v}`;
    if (l.method === 'onUpdate' && v !== undefined) tail += ` on update ${v}`;
  }
  if (table === undefined || column === undefined) return undefined;
  return `${quoteDotted(table)} (${quoteDotted(column)})${tail}`;
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

/** Knex's default name: `<table>_<col>_<col>_<type>`, dots and dashes as underscores, lower case. */
function indexName(table: string, columns: readonly string[], type: string): string {
  return `${table.replace(/\.|-/g, '_')}_${columns.join('_')}_${type}`.toLowerCase();
}

/** The `default …` clause (columncompiler.js defaultTo / formatDefault). */
function defaultValue(value: JsValue | undefined, method: string, root: string): string | undefined {
  if (!value || value.kind === 'undefined') return '';
  if (value.kind === 'null') return 'default null';
  if (value.kind === 'ref' && value.path === `${root}.fn.now`) return 'default CURRENT_TIMESTAMP';
  if (value.kind === 'ref' && value.path === `${root}.raw` && value.args?.[0]?.kind === 'string') return `default ${value.args[0].text}`;
  if (method === 'boolean') {
    if (value.kind === 'boolean') return `default '${value.value ? 1 : 0}'`;
    if (value.kind === 'string') return `default '${value.text === 'false' || value.text === '' ? 0 : 1}'`;
    if (value.kind === 'number') return `default '${value.value ? 1 : 0}'`;
  }
  if (value.kind === 'string') return `default ${quoteString(value.text)}`;
  if (value.kind === 'number' || value.kind === 'boolean') return `default '${String(value.value)}'`;
  if ((method === 'json' || method === 'jsonb') && (value.kind === 'object' || value.kind === 'array')) {
    const json = toJson(value);
    return json === undefined ? undefined : `default ${quoteString(JSON.stringify(json))}`;
  }
  return undefined;
}

function toJson(value: JsValue): unknown {
  switch (value.kind) {
    case 'string': return value.text;
    case 'number':
    case 'boolean': return value.value;
    case 'null': return null;
    case 'array': {
      const items = value.items.map(toJson);
      return items.includes(undefined) ? undefined : items;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.props) {
        const j = toJson(v);
        if (j === undefined) return undefined;
        out[k] = j;
      }
      return out;
    }
    default: return undefined;
  }
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
