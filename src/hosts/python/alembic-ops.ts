// Alembic `op.*` / `batch_op.*` calls → the SQL Alembic's PostgreSQL implementation emits
// (alembic/operations/toimpl.py, alembic/ddl/impl.py DefaultImpl, alembic/ddl/postgresql.py PostgresqlImpl,
// alembic/ddl/base.py visit_*; SQLAlchemy's PGDDLCompiler for CREATE TABLE / CREATE INDEX / constraints).
// On PostgreSQL a batch_alter_table block emits the same ALTERs as the plain operations (no table copy).
import {
  autoincrementColumn,
  checkSql,
  columnSql,
  flag,
  foreignKeySql,
  lastName,
  optionalStr,
  primaryKeySql,
  readColumn,
  readConstraint,
  serverDefault,
  sqlText,
  str,
  strings,
  uniqueSql,
  Unresolved,
  type ColumnSpec,
  type ForeignKeySpec,
} from './sa-schema.js';
import { renderType } from './sa-types.js';
import { qualified, quoteIdent, sqlString } from './sql-text.js';
import type { PyValue } from './values.js';

type Call = Extract<PyValue, { kind: 'call' }>;

export interface OpScope {
  /** Enum types this file already created (SQLAlchemy creates a named type once per run). */
  enums: Set<string>;
  /** Inside `with op.batch_alter_table(table, schema=…) as batch_op:`. */
  batch?: { table: string; schema?: string };
}

export type OpOutcome = { sql: string[] } | { unresolved: string } | { none: true };

/** Operations that send nothing to the database. */
const NO_SQL = new Set(['f', 'get_bind', 'get_context', 'inline_literal', 'implementation_for', 'register_operation', 'batch_alter_table', 'run_async']);

/** Positional then keyword arguments, by Alembic's parameter names. */
function params(call: Call, names: readonly string[]): Record<string, PyValue | undefined> {
  const out: Record<string, PyValue | undefined> = {};
  names.forEach((name, i) => (out[name] = call.kwargs.get(name) ?? call.args[i]));
  return out;
}

/** The table (and schema) an operation names, or the batch block's. */
function target(call: Call, scope: OpScope, names: readonly string[], tableParam: string): { p: Record<string, PyValue | undefined>; table: string; schema?: string } {
  if (scope.batch) {
    const p = params(call, names.filter((n) => n !== tableParam && n !== 'schema'));
    return { p, table: scope.batch.table, ...(scope.batch.schema ? { schema: scope.batch.schema } : {}) };
  }
  const p = params(call, names);
  const schema = optionalStr(p.schema, 'schema');
  return { p, table: str(p[tableParam], tableParam), ...(schema ? { schema } : {}) };
}

const alterTable = (table: string, schema?: string) => `ALTER TABLE ${qualified(table, schema)}`;

function enumStatements(columns: readonly ColumnSpec[], scope: OpScope): string[] {
  const out: string[] = [];
  for (const column of columns) {
    const created = column.type.createEnum;
    if (!created || scope.enums.has(created.name)) continue;
    scope.enums.add(created.name);
    out.push(created.sql);
  }
  return out;
}

function createTable(call: Call, scope: OpScope): string[] {
  const [tableArg, ...items] = call.args;
  const table = str(call.kwargs.get('table_name') ?? tableArg, 'table name');
  const schema = optionalStr(call.kwargs.get('schema'), 'schema');
  const columns: ColumnSpec[] = [];
  const constraints: string[] = [];
  let primary: { name?: string; columns: string[] } | undefined;
  const foreign: ForeignKeySpec[] = [];
  for (const item of items) {
    if (item.kind !== 'call') throw new Unresolved(item.kind === 'dynamic' ? `create_table argument: ${item.reason}` : 'create_table argument');
    if (lastName(item.callee) === 'Column') {
      columns.push(readColumn(item));
      continue;
    }
    if (lastName(item.callee) === 'Index') throw new Unresolved('sa.Index inside create_table');
    const constraint = readConstraint(item);
    if (constraint.kind === 'primary') primary = constraint;
    else if (constraint.kind === 'sql') constraints.push(constraint.sql);
    else if (!constraint.useAlter) foreign.push(constraint.fk);
  }
  const pkColumns = primary?.columns ?? columns.filter((c) => c.primaryKey).map((c) => c.name);
  for (const column of columns) if (pkColumns.includes(column.name)) column.primaryKey = true;
  const serial = autoincrementColumn(columns, pkColumns);
  const lines = columns.map((c) => columnSql(c, c === serial));
  if (pkColumns.length > 0) lines.push(primaryKeySql(primary?.name, pkColumns));
  lines.push(...columns.flatMap((c) => c.foreignKeys.map(foreignKeySql)), ...foreign.map(foreignKeySql), ...constraints);
  lines.push(...columns.filter((c) => c.unique && !c.index).map((c) => uniqueSql(undefined, [c.name], new Map())));
  const ifNotExists = flag(call.kwargs.get('if_not_exists')) ? 'IF NOT EXISTS ' : '';
  const statements = [...enumStatements(columns, scope), `CREATE TABLE ${ifNotExists}${qualified(table, schema)} (${lines.join(', ')})`];
  statements.push(...columns.filter((c) => c.index).map((c) => columnIndex(table, schema, c)));
  const comment = optionalStr(call.kwargs.get('comment'), 'comment');
  if (comment !== undefined) statements.push(`COMMENT ON TABLE ${qualified(table, schema)} IS ${sqlString(comment)}`);
  statements.push(...columns.filter((c) => c.comment !== undefined).map((c) => columnComment(table, schema, c)));
  return statements;
}

/** Column(index=True): SQLAlchemy's default naming convention `ix_%(column_0_label)s`. */
const columnIndex = (table: string, schema: string | undefined, c: ColumnSpec) =>
  `CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(`ix_${table}_${c.name}`)} ON ${qualified(table, schema)} (${quoteIdent(c.name)})`;

const columnComment = (table: string, schema: string | undefined, c: ColumnSpec) =>
  `COMMENT ON COLUMN ${qualified(table, schema)}.${quoteIdent(c.name)} IS ${sqlString(c.comment ?? '')}`;

function addColumn(call: Call, scope: OpScope): string[] {
  const { p, table, schema } = target(call, scope, ['table_name', 'column', 'schema', 'if_not_exists'], 'table_name');
  if (!p.column) throw new Unresolved('add_column without a column');
  const column = readColumn(p.column);
  const serial = autoincrementColumn([column], column.primaryKey ? [column.name] : []);
  const ifNotExists = flag(p.if_not_exists) ? 'IF NOT EXISTS ' : '';
  // Unlike create_table, add_column fires no table events: a new Enum type is not created here.
  const statements = [`${alterTable(table, schema)} ADD COLUMN ${ifNotExists}${columnSql(column, column === serial)}`];
  // toimpl.add_column: the column's constraints (not its primary key) and indexes follow as their own statements.
  statements.push(...column.foreignKeys.map((fk) => `${alterTable(table, schema)} ADD ${foreignKeySql(fk)}`));
  if (column.unique && !column.index) statements.push(`${alterTable(table, schema)} ADD ${uniqueSql(undefined, [column.name], new Map())}`);
  if (column.index) statements.push(columnIndex(table, schema, column));
  if (column.comment !== undefined) statements.push(columnComment(table, schema, column));
  return statements;
}

function alterColumn(call: Call, scope: OpScope): string[] {
  const { p, table, schema } = target(call, scope, ['table_name', 'column_name'], 'table_name');
  const column = str(p.column_name, 'column name');
  const kw = call.kwargs;
  const prefix = `${alterTable(table, schema)} ALTER COLUMN ${quoteIdent(column)}`;
  const statements: string[] = [];
  const type = kw.get('type_');
  if (type && type.kind !== 'none') {
    const rendered = renderType(type);
    if ('unresolved' in rendered) throw new Unresolved(`type_: ${rendered.unresolved}`);
    const using = kw.get('postgresql_using');
    statements.push(`${prefix} TYPE ${rendered.sql}${using && using.kind !== 'none' ? ` USING ${sqlText(using, 'postgresql_using')}` : ''}`);
  }
  const nullable = kw.get('nullable');
  if (nullable?.kind === 'bool') statements.push(`${prefix} ${nullable.value ? 'DROP NOT NULL' : 'SET NOT NULL'}`);
  else if (nullable && nullable.kind !== 'none') throw new Unresolved('nullable= is not True or False');
  const server = kw.get('server_default');
  if (server && !(server.kind === 'bool' && !server.value)) {
    if (server.kind === 'none') statements.push(`${prefix} DROP DEFAULT`);
    else statements.push(`${prefix} SET DEFAULT ${serverDefault(server)}`);
  }
  const comment = kw.get('comment');
  if (comment && !(comment.kind === 'bool' && !comment.value)) {
    statements.push(`COMMENT ON COLUMN ${qualified(table, schema)}.${quoteIdent(column)} IS ${comment.kind === 'none' ? 'NULL' : sqlString(str(comment, 'comment'))}`);
  }
  const newName = optionalStr(kw.get('new_column_name'), 'new_column_name');
  if (newName !== undefined) statements.push(`${alterTable(table, schema)} RENAME ${quoteIdent(column)} TO ${quoteIdent(newName)}`);
  return statements;
}

/** An index column: a name (quoted as an identifier) or sa.text("expr DESC") (as written). */
function indexElement(value: PyValue): string {
  if (value.kind === 'str') return quoteIdent(value.value);
  return sqlText(value, 'index column');
}

function createIndex(call: Call, scope: OpScope): string[] {
  const { p, table, schema } = target(call, scope, ['index_name', 'table_name', 'columns', 'schema', 'unique'], 'table_name');
  const name = str(p.index_name, 'index name');
  const columnsArg = p.columns;
  const columns = columnsArg?.kind === 'seq' ? columnsArg.items.map(indexElement) : columnsArg ? [indexElement(columnsArg)] : [];
  if (columns.length === 0) throw new Unresolved('create_index without columns');
  const kw = call.kwargs;
  const using = optionalStr(kw.get('postgresql_using'), 'postgresql_using');
  const include = kw.get('postgresql_include');
  const where = kw.get('postgresql_where');
  let sql = `CREATE ${flag(p.unique) ? 'UNIQUE ' : ''}INDEX ${flag(kw.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : ''}${flag(kw.get('if_not_exists')) ? 'IF NOT EXISTS ' : ''}`;
  sql += `${quoteIdent(name)} ON ${qualified(table, schema)} ${using ? `USING ${using.toLowerCase()} ` : ''}(${columns.join(', ')})`;
  if (include && include.kind !== 'none') sql += ` INCLUDE (${strings(include, 'postgresql_include').map((c) => quoteIdent(c)).join(', ')})`;
  if (where && where.kind !== 'none') sql += ` WHERE ${sqlText(where, 'postgresql_where')}`;
  return [sql];
}

function dropIndex(call: Call, scope: OpScope): string[] {
  const p = params(call, scope.batch ? ['index_name'] : ['index_name', 'table_name', 'schema']);
  const name = str(p.index_name, 'index name');
  const schema = scope.batch?.schema ?? optionalStr(p.schema, 'schema');
  const kw = call.kwargs;
  return [`DROP INDEX ${flag(kw.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : ''}${flag(kw.get('if_exists')) ? 'IF EXISTS ' : ''}${qualified(name, schema)}`];
}

function createForeignKey(call: Call, scope: OpScope): string[] {
  const names = ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'];
  const { p, table, schema } = target(call, scope, names, 'source_table');
  const sourceSchema = scope.batch ? schema : optionalStr(call.kwargs.get('source_schema'), 'source_schema');
  const referentSchema = optionalStr(call.kwargs.get('referent_schema'), 'referent_schema');
  const fkName = optionalStr(p.constraint_name, 'constraint name');
  const fk: ForeignKeySpec = {
    ...(fkName ? { name: fkName } : {}),
    columns: strings(p.local_cols, 'local_cols'),
    table: str(p.referent_table, 'referent_table'),
    ...(referentSchema ? { schema: referentSchema } : {}),
    remoteColumns: strings(p.remote_cols, 'remote_cols'),
    options: call.kwargs,
  };
  return [`${alterTable(table, sourceSchema)} ADD ${foreignKeySql(fk)}`];
}

function addConstraint(call: Call, scope: OpScope, kind: 'unique' | 'check' | 'primary'): string[] {
  const third = kind === 'check' ? 'condition' : 'columns';
  const { p, table, schema } = target(call, scope, ['constraint_name', 'table_name', third, 'schema'], 'table_name');
  const name = optionalStr(p.constraint_name, 'constraint name');
  const body =
    kind === 'check' ? checkSql(name, sqlText(p.condition, 'condition'), call.kwargs)
    : kind === 'unique' ? uniqueSql(name, strings(p.columns, 'columns'), call.kwargs)
    : primaryKeySql(name, strings(p.columns, 'columns'));
  return [`${alterTable(table, schema)} ADD ${body}`];
}

function dropConstraint(call: Call, scope: OpScope): string[] {
  const { p, table, schema } = target(call, scope, ['constraint_name', 'table_name', 'type_', 'schema'], 'table_name');
  return [`${alterTable(table, schema)} DROP CONSTRAINT ${flag(call.kwargs.get('if_exists')) ? 'IF EXISTS ' : ''}${quoteIdent(str(p.constraint_name, 'constraint name'))}`];
}

function dropColumn(call: Call, scope: OpScope): string[] {
  const { p, table, schema } = target(call, scope, ['table_name', 'column_name', 'schema'], 'table_name');
  return [`${alterTable(table, schema)} DROP COLUMN ${flag(call.kwargs.get('if_exists')) ? 'IF EXISTS ' : ''}${quoteIdent(str(p.column_name, 'column name'))}`];
}

function dropTable(call: Call): string[] {
  const p = params(call, ['table_name', 'schema']);
  return [`DROP TABLE ${flag(call.kwargs.get('if_exists')) ? 'IF EXISTS ' : ''}${qualified(str(p.table_name, 'table name'), optionalStr(p.schema, 'schema'))}`];
}

function renameTable(call: Call): string[] {
  const p = params(call, ['old_table_name', 'new_table_name', 'schema']);
  return [`${alterTable(str(p.old_table_name, 'table name'), optionalStr(p.schema, 'schema'))} RENAME TO ${quoteIdent(str(p.new_table_name, 'new table name'))}`];
}

function tableComment(call: Call, scope: OpScope, drop: boolean): string[] {
  const { p, table, schema } = target(call, scope, ['table_name', 'comment', 'schema'], 'table_name');
  return [`COMMENT ON TABLE ${qualified(table, schema)} IS ${drop ? 'NULL' : sqlString(str(p.comment, 'comment'))}`];
}

const TRANSLATE: Record<string, (call: Call, scope: OpScope) => string[]> = {
  create_table: createTable,
  add_column: addColumn,
  alter_column: alterColumn,
  create_index: createIndex,
  drop_index: dropIndex,
  create_foreign_key: createForeignKey,
  create_unique_constraint: (c, s) => addConstraint(c, s, 'unique'),
  create_check_constraint: (c, s) => addConstraint(c, s, 'check'),
  create_primary_key: (c, s) => addConstraint(c, s, 'primary'),
  drop_constraint: dropConstraint,
  drop_column: dropColumn,
  drop_table: dropTable,
  rename_table: renameTable,
  create_table_comment: (c, s) => tableComment(c, s, false),
  drop_table_comment: (c, s) => tableComment(c, s, true),
};

/** The statements one `op.<method>(…)` call sends. `execute` is read by the extractor (literal SQL keeps its positions). */
export function alembicOp(method: string, call: Call, scope: OpScope): OpOutcome {
  if (NO_SQL.has(method)) return { none: true };
  const translate = TRANSLATE[method];
  if (!translate) return { unresolved: `op.${method}() is not translated` };
  try {
    return { sql: translate(call, scope) };
  } catch (error) {
    if (error instanceof Unresolved) return { unresolved: error.message };
    throw error;
  }
}

