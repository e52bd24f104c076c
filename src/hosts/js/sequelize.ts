// Sequelize migrations (sequelize-cli/umzug: `module.exports = { up: async (queryInterface, Sequelize) => … }`):
// `queryInterface.sequelize.query(…)` as literal SQL, and the QueryInterface builder calls translated as
// Sequelize's PostgreSQL query generator does it — sequelize/sequelize src/dialects/postgres/query-generator.js
// (addColumnQuery, removeColumnQuery, changeColumnQuery, renameColumnQuery, createTableQuery,
// dropTableQuery; pgEnum's `DO 'BEGIN CREATE TYPE "public"."enum_<table>_<column>" …'`) and the abstract generator
// (addIndexQuery with `concurrently`, removeIndexQuery, addConstraintQuery). sequelize-cli opens no
// transaction: every query autocommits unless the migration calls `queryInterface.sequelize.transaction(…)`,
// whose callback is emitted between START TRANSACTION and COMMIT.
import type { Node } from '@babel/types';
import type { HostMigrationFile, HostOperation } from '../types.js';
import { extractJsMigration, type JsOrm } from './extract.js';
import type { MappedString } from './literals.js';
import { attribute, defaultSql, quoteTable, tableName } from './sequelize-attributes.js';
import { quoteIdent } from './sql.js';
import { asString, evaluate, prop, REF_KEY, str, truthy, unwrap, type JsValue } from './values.js';
import {
  builderOperation, callChain, chainRoot, spanOf, unresolvedOperation, walkOperations, type WalkContext,
} from './walk.js';

/** QueryInterface calls that read the catalog or data and change nothing. */
const READS = new Set(['describeTable', 'tableExists', 'showAllTables', 'showAllSchemas', 'showIndex', 'getForeignKeysForTables', 'getForeignKeyReferencesForTable', 'rawSelect', 'select']);

function recognise(node: Node, ctx: WalkContext): HostOperation[] | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const root = chainRoot(node);
  if (!root || !ctx.roots.has(root)) return undefined;
  const { base, links } = callChain(node);
  const [head, ...rest] = links;
  if (!head) return undefined;
  const ops: HostOperation[] = [];
  const name = `${base}.${head.method}`;
  if (base === `${root}.sequelize` || base === 'sequelize') {
    if (head.method === 'query') ops.push(queryOperation(head.args, head.call, ctx, name));
    else if (head.method === 'transaction') ops.push(...transaction(head.args, head.call, ctx, name));
    else ops.push(unresolvedOperation(head.call, `unsupported call ${name}()`, name));
  } else if (base === root) {
    const args = head.args.map((a) => evaluate(a, ctx.scope));
    if (READS.has(head.method)) return [];
    const sql = builder(head.method, args);
    if (typeof sql === 'object' && 'unresolved' in sql) ops.push(unresolvedOperation(head.call, sql.unresolved, name));
    else for (const query of typeof sql === 'string' ? [sql] : sql) ops.push({ ...builderOperation(query, head.call, name), oneQuery: true });
  } else return undefined;
  // `.then(…)` callbacks and the like run after the call.
  for (const link of rest) for (const arg of link.args) ops.push(...walkOperations(arg, ctx, recognise));
  return ops;
}

/**
 * `sequelize.query(sql, { replacements })`: `:name` / `?` replaced by parameters, as positions keep their place.
 * Replacements are inlined by Sequelize, so the pg driver sends the string as one simple query (one implicit
 * transaction for several statements); `bind` parameters go by the extended protocol, one statement only.
 */
function queryOperation(args: Node[], call: Node, ctx: WalkContext, name: string): HostOperation {
  const arg = args[0];
  if (!arg) return unresolvedOperation(call, 'missing SQL argument', name);
  const value = asString(evaluate(arg, ctx.scope));
  if ('unresolved' in value) return unresolvedOperation(call, value.unresolved, name);
  const options = args[1] ? evaluate(args[1], ctx.scope) : undefined;
  const replacements = prop(options, 'replacements');
  const mapped = replacements ? withParameters(value, replacements.kind === 'array' ? 'positional' : 'named') : value;
  return { sql: mapped.text, span: spanOf(unwrap(arg)), literalMap: mapped.map, ...(prop(options, 'bind') ? {} : { oneQuery: true }) };
}

/** Replaces Sequelize replacement markers by `$n` parameters, each mapped onto its marker. */
function withParameters(sql: MappedString, kind: 'named' | 'positional'): MappedString {
  const re = kind === 'named' ? /'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z_]\w*)/g : /'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g;
  let text = '';
  const map: number[] = [];
  let last = 0;
  let n = 0;
  for (const m of sql.text.matchAll(re)) {
    const isMarker = kind === 'named' ? m[1] !== undefined : m[0] === '?';
    if (!isMarker) continue;
    const at = m.index ?? 0;
    text += sql.text.slice(last, at);
    map.push(...sql.map.slice(last, at));
    const param = `$${++n}`;
    text += param;
    for (let k = 0; k < param.length; k++) map.push(sql.map[at] ?? 0);
    last = at + m[0].length;
  }
  text += sql.text.slice(last);
  map.push(...sql.map.slice(last));
  return { text, map };
}

function transaction(args: Node[], call: Node, ctx: WalkContext, name: string): HostOperation[] {
  const callback = args.map(unwrap).find((a) => a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression');
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) {
    return [unresolvedOperation(call, 'unmanaged transaction', name)];
  }
  return [
    builderOperation('START TRANSACTION', call, name),
    ...walkOperations(callback.body, ctx, recognise),
    builderOperation('COMMIT', call, name),
  ];
}

/** The queries one call sends (each its own simple query), or why it cannot be read. */
type BuilderSql = string | string[] | { unresolved: string };

function builder(method: string, args: JsValue[]): BuilderSql {
  const table = tableName(args[0]);
  if (table === undefined) return METHODS.has(method) ? { unresolved: 'dynamic table name' } : { unresolved: `unsupported call queryInterface.${method}()` };
  const qt = quoteTable(table);
  switch (method) {
    case 'createTable': return createTable(table, args[1]);
    case 'dropTable': return `DROP TABLE IF EXISTS ${qt}${truthy(prop(args[1], 'cascade')) ? ' CASCADE' : ''};`;
    case 'renameTable': {
      const to = tableName(args[1]);
      return to === undefined ? { unresolved: 'dynamic table name' } : `ALTER TABLE ${qt} RENAME TO ${quoteTable(to)};`;
    }
    case 'addColumn': {
      const column = str(args[1]);
      if (column === undefined) return { unresolved: 'dynamic column name' };
      const def = attribute(table, column, args[2]);
      if ('unresolved' in def) return def;
      return `${def.enumSql}ALTER TABLE ${quoteSchemaTable(table)} ADD COLUMN ${quoteIdent(column)} ${def.sql};`;
    }
    case 'removeColumn': {
      const column = str(args[1]);
      return column === undefined ? { unresolved: 'dynamic column name' } : `ALTER TABLE ${quoteSchemaTable(table)} DROP COLUMN ${quoteIdent(column)};`;
    }
    case 'renameColumn': {
      const [from, to] = [str(args[1]), str(args[2])];
      return from === undefined || to === undefined ? { unresolved: 'dynamic column name' } : `ALTER TABLE ${qt} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)};`;
    }
    case 'changeColumn': {
      const column = str(args[1]);
      if (column === undefined) return { unresolved: 'dynamic column name' };
      return changeColumn(table, column, args[2]);
    }
    case 'addIndex': return addIndex(table, args[1], args[2]);
    case 'removeIndex': {
      const names = args[1]?.kind === 'array' ? args[1].items.map(str) : undefined;
      const indexName = str(args[1]) ?? (names && !names.includes(undefined) ? underscore(`${table}_${names.join('_')}`) : undefined);
      if (indexName === undefined) return { unresolved: 'dynamic index name' };
      return `DROP INDEX${truthy(prop(args[2], 'concurrently')) ? ' CONCURRENTLY' : ''} IF EXISTS ${quoteIdent(indexName)}`;
    }
    case 'addConstraint': return addConstraint(table, args[1], args[2]);
    case 'removeConstraint': {
      const constraint = str(args[1]);
      return constraint === undefined ? { unresolved: 'dynamic constraint name' } : `ALTER TABLE ${qt} DROP CONSTRAINT ${quoteIdent(constraint)};`;
    }
    default:
      return { unresolved: `unsupported call queryInterface.${method}()` };
  }
}

const METHODS = new Set(['createTable', 'dropTable', 'renameTable', 'addColumn', 'removeColumn', 'renameColumn', 'changeColumn', 'addIndex', 'removeIndex', 'addConstraint', 'removeConstraint']);

/** addColumnQuery/removeColumnQuery quote the table with its schema (extractTableDetails: public). */
const quoteSchemaTable = (table: string) => (table.includes('.') ? quoteTable(table) : `"public".${quoteIdent(table)}`);

/** inflection.underscore (1.x), as Utils.nameIndex uses it: `_` before every capital, not first: `UserTokens_UserId` → `user_tokens__user_id`. */
export function underscore(s: string): string {
  return s.split('::').map((part) => part.replace(/([A-Z])/g, '_$1').replace(/^_/, '')).join('/').toLowerCase();
}

/** ensureEnums sends each enum type as its own query, then createTableQuery's `CREATE TABLE IF NOT EXISTS … (…, PRIMARY KEY (…))`. */
function createTable(table: string, columns: JsValue | undefined): BuilderSql {
  if (columns?.kind !== 'object') return { unresolved: 'dynamic column definitions' };
  const parts: string[] = [];
  const enums: string[] = [];
  const pks: string[] = [];
  for (const [column, value] of columns.props) {
    const def = attribute(table, column, value);
    if ('unresolved' in def) return def;
    if (def.enumSql) enums.push(def.enumSql);
    if (def.primaryKey) pks.push(quoteIdent(column));
    parts.push(`${quoteIdent(column)} ${def.sql.replace('PRIMARY KEY', '')}`);
  }
  if (pks.length > 0) parts.push(`PRIMARY KEY (${pks.join(',')})`);
  return [...enums, `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (${parts.join(', ')});`];
}

/** changeColumnQuery: nullability, default, the enum type, then the type (or the foreign key). */
function changeColumn(table: string, column: string, value: JsValue | undefined): BuilderSql {
  const def = attribute(table, column, value);
  if ('unresolved' in def) return def;
  const q = (sub: string) => `ALTER TABLE ${quoteTable(table)} ALTER COLUMN ${sub};`;
  const col = quoteIdent(column);
  let definition = def.sql.slice(0, def.sql.length - def.references.length);
  let sql = '';
  if (definition.includes('NOT NULL')) {
    sql += q(`${col} SET NOT NULL`);
    definition = definition.replace('NOT NULL', '').trim();
  } else if (!def.references) sql += q(`${col} DROP NOT NULL`);
  const dm = /DEFAULT ([^;]+)/.exec(definition);
  if (dm) {
    sql += q(`${col} SET DEFAULT ${dm[1]}`);
    definition = definition.replace(/(DEFAULT[^;]+)/, '').trim();
  } else if (!def.references) sql += q(`${col} DROP DEFAULT`);
  sql += def.enumSql;
  if (/UNIQUE;*$/.test(definition)) {
    definition = definition.replace(/UNIQUE;*$/, '').trim();
    sql += `ALTER TABLE ${quoteTable(table)} ADD UNIQUE (${col});`;
  }
  if (def.references) sql += `ALTER TABLE ${quoteTable(table)} ADD FOREIGN KEY (${col})${def.references};`;
  else sql += q(`${col} TYPE ${definition}${def.enumSql ? ` USING (${col}::${definition})` : ''}`);
  return sql;
}

/** addIndexQuery: `CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON "table" [USING …] (…) [WHERE …]`. */
function addIndex(table: string, fieldsOrOptions: JsValue | undefined, maybeOptions: JsValue | undefined): BuilderSql {
  const options = fieldsOrOptions?.kind === 'object' ? fieldsOrOptions : maybeOptions;
  const fields = fieldsOrOptions?.kind === 'array' ? fieldsOrOptions : prop(options, 'fields');
  if (fields?.kind !== 'array') return { unresolved: 'dynamic index fields' };
  const names: string[] = [];
  const columns: string[] = [];
  for (const f of fields.items) {
    if (f.kind === 'string') {
      names.push(f.text);
      columns.push(quoteIdent(f.text));
      continue;
    }
    const fieldName = str(prop(f, 'name')) ?? str(prop(f, 'attribute'));
    if (fieldName === undefined) return { unresolved: 'dynamic index fields' };
    names.push(fieldName);
    const order = str(prop(f, 'order'));
    const operator = str(prop(f, 'operator'));
    columns.push(`${quoteIdent(fieldName)}${operator ? ` ${operator}` : ''}${order ? ` ${order}` : ''}`);
  }
  const indexName = str(prop(options, 'name')) ?? underscore(`${table.split('.').pop()}_${names.join('_')}`);
  const type = str(prop(options, 'type'))?.toUpperCase();
  const unique = truthy(prop(options, 'unique')) || type === 'UNIQUE';
  const using = str(prop(options, 'using'));
  let where = '';
  const w = prop(options, 'where');
  if (w) {
    const clause = whereSql(w);
    if (clause === undefined) return { unresolved: 'dynamic index where clause' };
    where = ` WHERE ${clause}`;
  }
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX${truthy(prop(options, 'concurrently')) ? ' CONCURRENTLY' : ''} ${quoteIdent(indexName)} ON ${quoteTable(table)}${using ? ` USING ${using}` : ''} (${columns.join(', ')})${where}`;
}

const OPERATORS: Record<string, string> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', is: 'IS', not: 'IS NOT' };

/** A `where` object as Sequelize writes it: `{ deletedAt: null, x: { [Op.ne]: null } }`. */
function whereSql(value: JsValue): string | undefined {
  if (value.kind === 'string') return value.text;
  if (value.kind !== 'object') return undefined;
  const parts: string[] = [];
  for (const [key, v] of value.props) {
    const col = quoteIdent(key);
    if (v.kind === 'object') {
      for (const [opKey, operand] of v.props) {
        if (!opKey.startsWith(REF_KEY)) return undefined;
        const op = OPERATORS[opKey.split('.').pop() ?? ''];
        const rhs = operand.kind === 'null' ? 'NULL' : defaultSql(operand);
        if (!op || !rhs) return undefined;
        parts.push(operand.kind === 'null' ? `${col} ${op === '=' || op === 'IS' ? 'IS' : 'IS NOT'} NULL` : `${col} ${op} ${rhs}`);
      }
      continue;
    }
    const rhs = defaultSql(v);
    if (!rhs) return undefined;
    parts.push(v.kind === 'null' ? `${col} IS NULL` : `${col} = ${rhs}`);
  }
  return parts.join(' AND ');
}

/** addConstraintQuery with Sequelize's default names `<table>_<fields>_<uk|fk|ck|pk>`. */
function addConstraint(table: string, a: JsValue | undefined, b: JsValue | undefined): BuilderSql {
  const options = a?.kind === 'object' ? a : b;
  const fields = prop(options, 'fields') ?? (a?.kind === 'array' ? a : undefined);
  const names = fields?.kind === 'array' ? fields.items.map((f) => str(f) ?? str(prop(f, 'attribute')) ?? str(prop(f, 'name'))) : undefined;
  if (!names || names.includes(undefined)) return { unresolved: 'dynamic constraint fields' };
  const cols = (names as string[]).map(quoteIdent).join(', ');
  const type = str(prop(options, 'type'))?.toUpperCase();
  const suffix: Record<string, string> = { UNIQUE: 'uk', 'FOREIGN KEY': 'fk', CHECK: 'ck', 'PRIMARY KEY': 'pk' };
  if (!type || !suffix[type]) return { unresolved: 'unsupported constraint type' };
  const name = str(prop(options, 'name')) ?? `${table.split('.').pop()}_${(names as string[]).join('_')}_${suffix[type]}`;
  let body: string;
  if (type === 'FOREIGN KEY') {
    const refs = prop(options, 'references');
    const target = str(prop(refs, 'table')) ?? tableName(prop(refs, 'table'));
    const field = str(prop(refs, 'field'));
    if (target === undefined || field === undefined) return { unresolved: 'dynamic references' };
    body = `FOREIGN KEY (${cols}) REFERENCES ${quoteTable(target)} (${quoteIdent(field)})`;
    const onDelete = str(prop(options, 'onDelete'));
    const onUpdate = str(prop(options, 'onUpdate'));
    if (onDelete) body += ` ON DELETE ${onDelete.toUpperCase()}`;
    if (onUpdate) body += ` ON UPDATE ${onUpdate.toUpperCase()}`;
  } else if (type === 'CHECK') {
    const where = prop(options, 'where');
    const clause = where ? whereSql(where) : undefined;
    if (clause === undefined) return { unresolved: 'dynamic check clause' };
    body = `CHECK (${clause})`;
  } else body = `${type} (${cols})`;
  return `ALTER TABLE ${quoteTable(table)} ADD CONSTRAINT ${quoteIdent(name)} ${body};`;
}

export const sequelizeOrm: JsOrm = {
  title: 'Sequelize',
  recognise,
};

/** The SQL of one Sequelize migration file. */
export function extractSequelize(text: string, path: string): HostMigrationFile {
  return extractJsMigration(text, path, sequelizeOrm);
}
