// node-pg-migrate JS/TS migrations (`exports.up = (pgm) => …`, `export const up = (pgm: MigrationBuilder) => …`):
// `pgm.sql(…)` as literal SQL and the MigrationBuilder operations rendered as node-pg-migrate renders
// them — salsita/node-pg-migrate src/operations/tables/{createTable,addColumns,dropColumns,alterColumn,
// addConstraint,shared}.ts, indexes/{createIndex,dropIndex,shared}.ts (`<table>_<cols>[_unique]_index`),
// types.ts, utils escapeValue (`$pg1$…$pg1$` strings). `pgm.noTransaction()` takes the migration out of
// the run's transaction.
import type { Node } from '@babel/types';
import type { HostMigrationFile, HostOperation } from '../types.js';
import { extractJsMigration, type JsOrm } from './extract.js';
import { quoteIdent } from './sql.js';
import { evaluate, prop, str, truthy, visit, type JsValue } from './values.js';
import {
  builderOperation, callChain, chainRoot, literalOperation, unresolvedOperation, type WalkContext,
} from './walk.js';

/** Calls that send nothing themselves. */
const NO_SQL = new Set(['noTransaction', 'func']);

function recognise(node: Node, ctx: WalkContext): HostOperation[] | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const root = chainRoot(node);
  if (!root || !ctx.roots.has(root)) return undefined;
  const { base, links } = callChain(node);
  const head = links[0];
  if (!head) return undefined;
  const name = `${base}.${head.method}`;
  if (base === `${root}.db` && (head.method === 'query' || head.method === 'select')) return [literalOperation(head.args[0], head.call, ctx, name)];
  if (base !== root) return [unresolvedOperation(head.call, `unsupported call ${name}()`, name)];
  if (NO_SQL.has(head.method)) return [];
  if (head.method === 'sql') {
    if (head.args.length > 1) return [unresolvedOperation(head.call, 'SQL with arguments', name)];
    return [literalOperation(head.args[0], head.call, ctx, name)];
  }
  const sql = operation(head.method, head.args.map((a) => evaluate(a, ctx.scope)));
  return [typeof sql === 'string' ? builderOperation(sql, head.call, name) : unresolvedOperation(head.call, sql.unresolved, name)];
}

type Sql = string | { unresolved: string };

/** mOptions.literal: `"name"`, or `"schema"."name"` for { schema, name }. */
function literal(value: JsValue | undefined): string | undefined {
  if (value?.kind === 'string') return quoteIdent(value.text);
  const name = str(prop(value, 'name'));
  const schema = str(prop(value, 'schema'));
  if (name === undefined) return undefined;
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

function plainName(value: JsValue | undefined): string | undefined {
  return str(value) ?? str(prop(value, 'name'));
}

/** utils escapeValue: dollar-quoted strings, ARRAY[…], pgm.func(…) verbatim. */
function escapeValue(value: JsValue): string | undefined {
  switch (value.kind) {
    case 'null': return 'NULL';
    case 'boolean': return String(value.value);
    case 'number': return String(value.value);
    case 'string': {
      let n = 1;
      while (value.text.includes(`$pg${n}$`)) n++;
      return `$pg${n}$${value.text}$pg${n}$`;
    }
    case 'array': {
      const items = value.items.map(escapeValue);
      return items.includes(undefined) ? undefined : `ARRAY[${items.join(',').replace(/ARRAY/g, '')}]`;
    }
    case 'ref':
      if (value.path.endsWith('.func') && value.args?.[0]?.kind === 'string') return value.args[0].text;
      return undefined;
    default: return undefined;
  }
}

/** formatLines: one line per item, newlines folded, each prefixed, comma-separated. */
const formatLines = (lines: string[], prefix = '  ') => lines.map((l) => prefix + l.replace(/(?:\r\n|\r|\n)+/g, ' ')).join(',\n');

interface Columns {
  lines: string[];
  primary: string[];
  comments: string[];
}

/** utils applyTypeAdapters. */
const TYPE_ADAPTERS: Record<string, string> = { int: 'integer', string: 'text', float: 'real', double: 'double precision', datetime: 'timestamp', bool: 'boolean' };

/** parseColumns (tables/shared.ts); the built-in `id` shorthand is `serial PRIMARY KEY`. */
function parseColumns(table: JsValue | undefined, columns: JsValue | undefined): Columns | { unresolved: string } {
  if (columns?.kind !== 'object') return { unresolved: 'dynamic column definitions' };
  const defs = [...columns.props].map(([name, raw]) => {
    const def: JsValue = raw.kind === 'string' ? { kind: 'object', props: new Map([['type', raw]]) } : raw;
    const type = str(prop(def, 'type'));
    return { name, def, type: type === 'id' ? 'serial' : type && (TYPE_ADAPTERS[type] ?? type), idShorthand: type === 'id' };
  });
  const primaryCount = defs.filter((d) => d.idShorthand || truthy(prop(d.def, 'primaryKey'))).length;
  const out: Columns = { lines: [], primary: [], comments: [] };
  for (const d of defs) {
    if (d.def.kind !== 'object' || d.type === undefined) return { unresolved: 'dynamic column type' };
    const parts = [`${quoteIdent(d.name)} ${d.type}`];
    const collation = str(prop(d.def, 'collation'));
    if (collation) parts.push(`COLLATE ${collation}`);
    const dv = prop(d.def, 'default');
    if (dv && dv.kind !== 'undefined') {
      const e = escapeValue(dv);
      if (e === undefined) return { unresolved: 'dynamic default value' };
      parts.push(`DEFAULT ${e}`);
    }
    if (truthy(prop(d.def, 'unique'))) parts.push('UNIQUE');
    const isPrimary = d.idShorthand || truthy(prop(d.def, 'primaryKey'));
    if (isPrimary && primaryCount === 1) parts.push('PRIMARY KEY');
    if (isPrimary && primaryCount > 1) out.primary.push(d.name);
    if (truthy(prop(d.def, 'notNull'))) parts.push('NOT NULL');
    const check = str(prop(d.def, 'check'));
    if (check) parts.push(`CHECK (${check})`);
    const references = prop(d.def, 'references');
    if (references) {
      const ref = references.kind === 'string' && (references.text.startsWith('"') || references.text.endsWith(')')) ? references.text : literal(references);
      if (ref === undefined) return { unresolved: 'dynamic references' };
      const constraintName = str(prop(d.def, 'referencesConstraintName'));
      let clause = `${constraintName ? `CONSTRAINT ${quoteIdent(constraintName)} ` : ''}REFERENCES ${ref}`;
      for (const [key, word] of [['match', 'MATCH'], ['onDelete', 'ON DELETE'], ['onUpdate', 'ON UPDATE']] as const) {
        const v = str(prop(d.def, key));
        if (v) clause += ` ${word} ${v}`;
      }
      parts.push(clause);
    }
    if (truthy(prop(d.def, 'deferrable'))) parts.push(`DEFERRABLE INITIALLY ${truthy(prop(d.def, 'deferred')) ? 'DEFERRED' : 'IMMEDIATE'}`);
    const generated = str(prop(d.def, 'expressionGenerated'));
    if (generated) parts.push(`GENERATED ALWAYS AS (${generated}) STORED`);
    const seq = prop(d.def, 'sequenceGenerated');
    if (seq) parts.push(`GENERATED ${str(prop(seq, 'precedence')) ?? 'BY DEFAULT'} AS IDENTITY`);
    out.lines.push(parts.join(' '));
    const comment = prop(d.def, 'comment');
    if (comment?.kind === 'string') out.comments.push(`COMMENT ON COLUMN ${literal(table)}.${quoteIdent(d.name)} IS ${escapeValue(comment)};`);
  }
  return out;
}

/** parseConstraints: check, unique, primaryKey, foreignKeys, exclude with their default names. */
function parseConstraints(table: string, options: JsValue | undefined, optionName: string): string[] | { unresolved: string } {
  if (!options) return [];
  if (options.kind !== 'object') return { unresolved: 'dynamic constraints' };
  const out: string[] = [];
  const lit = (s: string) => quoteIdent(s);
  const names = (v: JsValue | undefined): string[] | undefined => {
    const items = v?.kind === 'array' ? v.items : v ? [v] : [];
    const s = items.map(str);
    return s.includes(undefined) ? undefined : (s as string[]);
  };
  const check = prop(options, 'check');
  if (check) {
    const checks = check.kind === 'array' ? check.items.map(str) : [str(check)];
    if (checks.includes(undefined)) return { unresolved: 'dynamic check' };
    checks.forEach((c, i) => out.push(`CONSTRAINT ${lit(optionName || (checks.length > 1 || check.kind === 'array' ? `${table}_chck_${i + 1}` : `${table}_chck`))} CHECK (${c})`));
  }
  const unique = prop(options, 'unique');
  if (unique) {
    const sets = unique.kind === 'array' && unique.items.some((i) => i.kind === 'array') ? unique.items : [unique];
    for (const set of sets) {
      const cols = names(set);
      if (!cols) return { unresolved: 'dynamic unique columns' };
      out.push(`CONSTRAINT ${lit(optionName || `${table}_uniq_${cols.join('_')}`)} UNIQUE (${cols.map(lit).join(', ')})`);
    }
  }
  const primaryKey = prop(options, 'primaryKey');
  if (primaryKey) {
    const cols = names(primaryKey);
    if (!cols) return { unresolved: 'dynamic primary key' };
    out.push(`CONSTRAINT ${lit(optionName || `${table}_pkey`)} PRIMARY KEY (${cols.map(lit).join(', ')})`);
  }
  const foreignKeys = prop(options, 'foreignKeys');
  if (foreignKeys) {
    for (const fk of foreignKeys.kind === 'array' ? foreignKeys.items : [foreignKeys]) {
      const cols = names(prop(fk, 'columns'));
      const ref = literal(prop(fk, 'references'));
      if (!cols || !ref) return { unresolved: 'dynamic foreign key' };
      let clause = `CONSTRAINT ${lit(str(prop(fk, 'referencesConstraintName')) || optionName || `${table}_fk_${cols.join('_')}`)} FOREIGN KEY (${cols.map(lit).join(', ')}) REFERENCES ${ref}`;
      for (const [key, word] of [['match', 'MATCH'], ['onDelete', 'ON DELETE'], ['onUpdate', 'ON UPDATE']] as const) {
        const v = str(prop(fk, key));
        if (v) clause += ` ${word} ${v}`;
      }
      out.push(clause);
    }
  }
  const exclude = str(prop(options, 'exclude'));
  if (exclude) out.push(`CONSTRAINT ${lit(optionName || `${table}_excl`)} EXCLUDE ${exclude}`);
  if (truthy(prop(options, 'deferrable'))) {
    const d = `DEFERRABLE INITIALLY ${truthy(prop(options, 'deferred')) ? 'DEFERRED' : 'IMMEDIATE'}`;
    return out.map((c) => `${c} ${d}`);
  }
  return out;
}

/** indexes/shared.ts generateIndexName and generateColumnsString. */
function indexParts(table: string, rawColumns: JsValue | undefined, options: JsValue | undefined): { name: string; columns: string } | undefined {
  const items = rawColumns?.kind === 'array' ? rawColumns.items : rawColumns ? [rawColumns] : [];
  const names: string[] = [];
  const sql: string[] = [];
  for (const c of items) {
    const colName = str(c) ?? str(prop(c, 'name'));
    if (colName === undefined) return undefined;
    names.push(colName);
    const column = /[ ().]/.test(colName) ? colName : quoteIdent(colName);
    const opclass = plainName(prop(c, 'opclass'));
    const sort = str(prop(c, 'sort'));
    sql.push([column, opclass ? quoteIdent(opclass) : undefined, sort].filter(Boolean).join(' '));
  }
  const name = str(prop(options, 'name')) ?? `${table}_${names.join('_')}${truthy(prop(options, 'unique')) ? '_unique' : ''}_index`;
  return { name, columns: sql.join(', ') };
}

function operation(method: string, args: JsValue[]): Sql {
  const tableSql = literal(args[0]);
  const table = plainName(args[0]);
  if (tableSql === undefined || table === undefined) return { unresolved: OPERATIONS.has(method) ? 'dynamic table name' : `unsupported call pgm.${method}()` };
  const options = args[2];
  switch (method) {
    case 'createTable': {
      const cols = parseColumns(args[0], args[1]);
      if ('unresolved' in cols) return cols;
      const constraintOptions = prop(options, 'constraints');
      const merged: JsValue = cols.primary.length > 1
        ? { kind: 'object', props: new Map([...(constraintOptions?.kind === 'object' ? constraintOptions.props : []), ['primaryKey', { kind: 'array', items: cols.primary.map((p) => ({ kind: 'string', text: p, map: [] })) }]]) }
        : constraintOptions ?? { kind: 'object', props: new Map() };
      const constraints = parseConstraints(table, merged, '');
      if ('unresolved' in constraints) return constraints;
      const like = literal(prop(options, 'like'));
      const lines = [...cols.lines, ...constraints, ...(like ? [`LIKE ${like}`] : [])];
      const inherits = literal(prop(options, 'inherits'));
      const sql = `CREATE${truthy(prop(options, 'temporary')) ? ' TEMPORARY' : ''} TABLE${truthy(prop(options, 'ifNotExists')) ? ' IF NOT EXISTS' : ''} ${tableSql} (\n${formatLines(lines)}\n)${inherits ? ` INHERITS (${inherits})` : ''};`;
      return [sql, ...cols.comments].join('\n');
    }
    case 'dropTable':
      return `DROP TABLE${truthy(prop(args[1], 'ifExists')) ? ' IF EXISTS' : ''} ${tableSql}${truthy(prop(args[1], 'cascade')) ? ' CASCADE' : ''};`;
    case 'renameTable': {
      const to = literal(args[1]);
      return to ? `ALTER TABLE ${tableSql} RENAME TO ${to};` : { unresolved: 'dynamic table name' };
    }
    case 'addColumns':
    case 'addColumn': {
      const cols = parseColumns(args[0], args[1]);
      if ('unresolved' in cols) return cols;
      const ifNotExists = truthy(prop(options, 'ifNotExists')) ? 'IF NOT EXISTS ' : '';
      return [`ALTER TABLE ${tableSql}\n${formatLines(cols.lines, `  ADD ${ifNotExists}`)};`, ...cols.comments].join('\n');
    }
    case 'dropColumns':
    case 'dropColumn': {
      const items = args[1]?.kind === 'array' ? args[1].items : args[1]?.kind === 'object' ? [...args[1].props.keys()].map((k): JsValue => ({ kind: 'string', text: k, map: [] })) : args[1] ? [args[1]] : [];
      const cols = items.map(str);
      if (cols.length === 0 || cols.includes(undefined)) return { unresolved: 'dynamic column name' };
      const ifExists = truthy(prop(options, 'ifExists')) ? 'IF EXISTS ' : '';
      const cascade = truthy(prop(options, 'cascade')) ? ' CASCADE' : '';
      return `ALTER TABLE ${tableSql}\n${formatLines((cols as string[]).map((c) => `${quoteIdent(c)}${cascade}`), `  DROP ${ifExists}`)};`;
    }
    case 'alterColumn': return alterColumn(tableSql, str(args[1]), options);
    case 'renameColumn': {
      const [from, to] = [str(args[1]), str(args[2])];
      return from === undefined || to === undefined ? { unresolved: 'dynamic column name' } : `ALTER TABLE ${tableSql} RENAME ${quoteIdent(from)} TO ${quoteIdent(to)};`;
    }
    case 'createIndex':
    case 'addIndex': {
      const parts = indexParts(table, args[1], options);
      if (!parts) return { unresolved: 'dynamic index columns' };
      const include = prop(options, 'include');
      const includeCols = include ? (include.kind === 'array' ? include.items : [include]).map(str) : [];
      if (includeCols.includes(undefined)) return { unresolved: 'dynamic index columns' };
      const method = str(prop(options, 'method'));
      const where = str(prop(options, 'where'));
      return `CREATE${truthy(prop(options, 'unique')) ? ' UNIQUE' : ''} INDEX${truthy(prop(options, 'concurrently')) ? ' CONCURRENTLY' : ''}${truthy(prop(options, 'ifNotExists')) ? ' IF NOT EXISTS' : ''} ${quoteIdent(parts.name)} ON ${tableSql}${method ? ` USING ${method}` : ''} (${parts.columns})${includeCols.length ? ` INCLUDE (${(includeCols as string[]).map(quoteIdent).join(', ')})` : ''}${where ? ` WHERE ${where}` : ''};`;
    }
    case 'dropIndex': {
      const parts = indexParts(table, args[1], options);
      if (!parts) return { unresolved: 'dynamic index columns' };
      const schema = str(prop(args[0], 'schema'));
      const name = schema ? `${quoteIdent(schema)}.${quoteIdent(parts.name)}` : quoteIdent(parts.name);
      return `DROP INDEX${truthy(prop(options, 'concurrently')) ? ' CONCURRENTLY' : ''}${truthy(prop(options, 'ifExists')) ? ' IF EXISTS' : ''} ${name}${truthy(prop(options, 'cascade')) ? ' CASCADE' : ''};`;
    }
    case 'addConstraint':
    case 'createConstraint': {
      const constraintName = str(args[1]);
      const expression = args[2];
      let constraints: string[] | { unresolved: string };
      if (expression?.kind === 'string') constraints = [`${constraintName ? `CONSTRAINT ${quoteIdent(constraintName)} ` : ''}${expression.text}`];
      else constraints = parseConstraints(table, expression, constraintName ?? '');
      if ('unresolved' in constraints) return constraints;
      return `ALTER TABLE ${tableSql}\n${formatLines(constraints, '  ADD ')};`;
    }
    case 'dropConstraint': {
      const constraintName = str(args[1]);
      if (constraintName === undefined) return { unresolved: 'dynamic constraint name' };
      return `ALTER TABLE ${tableSql} DROP CONSTRAINT${truthy(prop(options, 'ifExists')) ? ' IF EXISTS' : ''} ${quoteIdent(constraintName)}${truthy(prop(options, 'cascade')) ? ' CASCADE' : ''};`;
    }
    case 'createType':
    case 'addType': {
      const values = args[1]?.kind === 'array' ? args[1].items.map(escapeValue) : undefined;
      if (!values || values.includes(undefined)) return { unresolved: 'dynamic type definition' };
      return `CREATE TYPE ${tableSql} AS ENUM (${values.join(', ')});`;
    }
    case 'addTypeValue': {
      const value = args[1] ? escapeValue(args[1]) : undefined;
      if (value === undefined) return { unresolved: 'dynamic enum value' };
      const before = str(prop(options, 'before'));
      const after = str(prop(options, 'after'));
      const position = before ? ` BEFORE ${escapeValue(prop(options, 'before') as JsValue)}` : after ? ` AFTER ${escapeValue(prop(options, 'after') as JsValue)}` : '';
      return `ALTER TYPE ${tableSql} ADD VALUE${truthy(prop(options, 'ifNotExists')) ? ' IF NOT EXISTS' : ''} ${value}${position};`;
    }
    case 'dropType':
      return `DROP TYPE${truthy(prop(args[1], 'ifExists')) ? ' IF EXISTS' : ''} ${tableSql}${truthy(prop(args[1], 'cascade')) ? ' CASCADE' : ''};`;
    case 'createExtension':
    case 'addExtension':
      return `CREATE EXTENSION${truthy(prop(args[1], 'ifNotExists')) ? ' IF NOT EXISTS' : ''} ${tableSql};`;
    case 'dropExtension':
      return `DROP EXTENSION${truthy(prop(args[1], 'ifExists')) ? ' IF EXISTS' : ''} ${tableSql};`;
    default:
      return { unresolved: `unsupported call pgm.${method}()` };
  }
}

const OPERATIONS = new Set([
  'createTable', 'dropTable', 'renameTable', 'addColumns', 'addColumn', 'dropColumns', 'dropColumn', 'alterColumn', 'renameColumn',
  'createIndex', 'addIndex', 'dropIndex', 'addConstraint', 'createConstraint', 'dropConstraint', 'createType', 'addType',
  'addTypeValue', 'dropType', 'createExtension', 'addExtension', 'dropExtension',
]);

/** tables/alterColumn.ts: one ALTER TABLE with the changed clauses. */
function alterColumn(tableSql: string, column: string | undefined, options: JsValue | undefined): Sql {
  if (column === undefined) return { unresolved: 'dynamic column name' };
  if (options?.kind !== 'object') return { unresolved: 'dynamic column options' };
  const col = quoteIdent(column);
  const actions: string[] = [];
  const dv = prop(options, 'default');
  if (dv?.kind === 'null') actions.push('DROP DEFAULT');
  else if (dv && dv.kind !== 'undefined') {
    const e = escapeValue(dv);
    if (e === undefined) return { unresolved: 'dynamic default value' };
    actions.push(`SET DEFAULT ${e}`);
  }
  const type = str(prop(options, 'type'));
  if (type) {
    const collation = str(prop(options, 'collation'));
    const using = str(prop(options, 'using'));
    actions.push(`SET DATA TYPE ${type}${collation ? ` COLLATE ${collation}` : ''}${using ? ` USING ${using}` : ''}`);
  }
  const notNull = prop(options, 'notNull');
  const allowNull = prop(options, 'allowNull');
  if (notNull?.kind === 'boolean') actions.push(notNull.value ? 'SET NOT NULL' : 'DROP NOT NULL');
  else if (allowNull?.kind === 'boolean') actions.push(allowNull.value ? 'DROP NOT NULL' : 'SET NOT NULL');
  if (actions.length === 0) return { unresolved: 'unsupported alterColumn options' };
  return `ALTER TABLE ${tableSql}\n${formatLines(actions.map((a) => `ALTER ${col} ${a}`))};`;
}

/** Does the function call `pgm.noTransaction()`? */
function callsNoTransaction(body: Node, roots: ReadonlySet<string>): boolean {
  let found = false;
  visit(body, (n) => {
    if (found) return false;
    if (n.type === 'CallExpression') {
      const { base, links } = callChain(n);
      if (base !== undefined && roots.has(base) && links[0]?.method === 'noTransaction') found = true;
    }
  });
  return found;
}

export const nodePgMigrateOrm: JsOrm = {
  title: 'node-pg-migrate',
  recognise,
  sectionWrap: ({ fn, roots }) => (callsNoTransaction(fn.body, roots) ? 'none' : undefined),
};

/** The SQL of one node-pg-migrate JS/TS migration file. */
export function extractNodePgMigrate(text: string, path: string): HostMigrationFile {
  return extractJsMigration(text, path, nodePgMigrateOrm);
}
