// SQLAlchemy schema objects (Column, PrimaryKeyConstraint, ForeignKey(Constraint), UniqueConstraint,
// CheckConstraint) → the DDL fragments SQLAlchemy's PostgreSQL DDLCompiler renders
// (sqlalchemy/dialects/postgresql/base.py PGDDLCompiler.get_column_specification; sqlalchemy/sql/compiler.py
// DDLCompiler.visit_*_constraint, get_column_default_string).
import { renderType, type ResolvedType } from './sa-types.js';
import { qualified, quoteIdent, sqlString } from './sql-text.js';
import type { PyValue } from './values.js';

type Call = Extract<PyValue, { kind: 'call' }>;

export class Unresolved extends Error {}

export const lastName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
export const isCall = (value: PyValue | undefined, ...names: string[]): value is Call => value?.kind === 'call' && names.includes(lastName(value.callee));

/** A string argument, or an Unresolved error naming what it should have been. */
export function str(value: PyValue | undefined, what: string): string {
  if (value?.kind === 'str') return value.value;
  if (isCall(value, 'f') && value.args[0]?.kind === 'str') return value.args[0].value; // op.f("name"): a final name
  if (value?.kind === 'call' && /(^|\.)(conv)$/.test(value.callee) && value.args[0]?.kind === 'str') return value.args[0].value;
  throw new Unresolved(value?.kind === 'dynamic' ? `${what}: ${value.reason}` : `${what} is not a string literal`);
}

export const optionalStr = (value: PyValue | undefined, what: string): string | undefined => (value === undefined || value.kind === 'none' ? undefined : str(value, what));

export const flag = (value: PyValue | undefined): boolean => value?.kind === 'bool' && value.value;

export function strings(value: PyValue | undefined, what: string): string[] {
  if (value?.kind === 'seq') return value.items.map((item) => str(item, what));
  if (value?.kind === 'str') return [value.value];
  throw new Unresolved(`${what} is not a list of string literals`);
}

/** SQL written in Python: a string or sa.text("…") / sa.literal_column("…"). */
export function sqlText(value: PyValue | undefined, what: string): string {
  if (value?.kind === 'str') return value.value;
  if (isCall(value, 'text', 'literal_column') && value.args[0]?.kind === 'str') return value.args[0].value;
  throw new Unresolved(value?.kind === 'dynamic' ? `${what}: ${value.reason}` : `${what} is not literal SQL`);
}

/** server_default=: a string is quoted, sa.text()/func.x()/true()/false() are SQL. */
export function serverDefault(value: PyValue): string {
  if (value.kind === 'str') return sqlString(value.value);
  if (value.kind === 'call') {
    const name = value.callee;
    if (/(^|\.)(text|literal_column)$/.test(name)) return sqlText(value, 'server_default');
    if (/(^|\.)(true|false|null)$/.test(name)) return lastName(name);
    const func = /(^|\.)func\.(\w+)$/.exec(name);
    if (func) return `${func[2]}(${value.args.map((a) => (a.kind === 'num' ? String(a.value) : a.kind === 'str' ? sqlString(a.value) : sqlText(a, 'function argument'))).join(', ')})`;
  }
  throw new Unresolved(value.kind === 'dynamic' ? `server_default: ${value.reason}` : 'server_default is not a literal or sa.text()');
}

export interface ForeignKeySpec {
  name?: string;
  columns: string[];
  table: string;
  schema?: string;
  remoteColumns: string[];
  options: Map<string, PyValue>;
}

export interface ColumnSpec {
  name: string;
  type: ResolvedType;
  /** The type renders as SERIAL/BIGSERIAL/SMALLSERIAL when the column is the table's autoincrement column. */
  integer?: 'INTEGER' | 'BIGINT' | 'SMALLINT';
  nullable?: boolean;
  primaryKey: boolean;
  autoincrement: boolean;
  serverDefault?: string;
  identity?: string;
  computed?: string;
  unique: boolean;
  index: boolean;
  comment?: string;
  foreignKeys: ForeignKeySpec[];
  checks: string[];
}

/** `referent.col` or `schema.referent.col` of a ForeignKey. */
function remote(target: string): { table: string; schema?: string; column: string } {
  const parts = target.split('.');
  const column = parts.pop() ?? '';
  const table = parts.pop() ?? '';
  return parts.length > 0 ? { table, schema: parts.join('.'), column } : { table, column };
}

export function readColumn(value: PyValue): ColumnSpec {
  if (!isCall(value, 'Column')) throw new Unresolved(value.kind === 'dynamic' ? `column: ${value.reason}` : 'column is not an sa.Column(...)');
  const [nameArg, ...rest] = value.args;
  const name = str(nameArg, 'column name');
  const typeArg = value.kwargs.get('type_') ?? rest.find((a) => !isCall(a, 'ForeignKey', 'Identity', 'Computed', 'Sequence', 'CheckConstraint'));
  if (!typeArg) throw new Unresolved(`column ${name} has no type`);
  const type = renderType(typeArg);
  if ('unresolved' in type) throw new Unresolved(`column ${name}: ${type.unresolved}`);
  const kw = value.kwargs;
  const primaryKey = flag(kw.get('primary_key'));
  const nullableArg = kw.get('nullable');
  const spec: ColumnSpec = {
    name,
    type,
    primaryKey,
    autoincrement: kw.get('autoincrement')?.kind !== 'bool' || flag(kw.get('autoincrement')),
    unique: flag(kw.get('unique')),
    index: flag(kw.get('index')),
    foreignKeys: [],
    checks: [],
  };
  if (nullableArg?.kind === 'bool') spec.nullable = nullableArg.value;
  if (['INTEGER', 'BIGINT', 'SMALLINT'].includes(type.sql)) spec.integer = type.sql as ColumnSpec['integer'];
  const server = kw.get('server_default');
  if (server && server.kind !== 'none') spec.serverDefault = serverDefault(server);
  const comment = kw.get('comment');
  if (comment && comment.kind !== 'none') spec.comment = str(comment, 'comment');
  // A Python-side default= keeps SQLAlchemy from choosing SERIAL.
  const pythonDefault = kw.get('default');
  if (pythonDefault && pythonDefault.kind !== 'none') spec.autoincrement = false;
  for (const extra of rest) {
    if (extra === typeArg) continue;
    if (extra.kind !== 'call') throw new Unresolved(`column ${name}: argument ${extra.kind === 'dynamic' ? extra.reason : extra.kind}`);
    readColumnArgument(spec, extra);
  }
  return spec;
}

/** ForeignKey(), Identity(), Computed(), CheckConstraint() given to a Column. */
function readColumnArgument(spec: ColumnSpec, extra: Call): void {
  const kind = lastName(extra.callee);
  if (kind === 'ForeignKey') {
    const target = remote(str(extra.args[0], 'ForeignKey target'));
    const fkName = optionalStr(extra.kwargs.get('name'), 'ForeignKey name');
    spec.foreignKeys.push({ ...(fkName ? { name: fkName } : {}), columns: [spec.name], table: target.table, ...(target.schema ? { schema: target.schema } : {}), remoteColumns: [target.column], options: extra.kwargs });
  } else if (kind === 'Identity') {
    const options: string[] = [];
    for (const [option, words] of [['start', 'START WITH'], ['increment', 'INCREMENT BY'], ['minvalue', 'MINVALUE'], ['maxvalue', 'MAXVALUE']] as const) {
      const value = extra.kwargs.get(option);
      if (value?.kind === 'num') options.push(`${words} ${value.value}`);
    }
    spec.identity = `GENERATED ${flag(extra.kwargs.get('always')) ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options.length > 0 ? ` (${options.join(' ')})` : ''}`;
  } else if (kind === 'Computed') {
    spec.computed = `GENERATED ALWAYS AS (${sqlText(extra.args[0], 'Computed expression')}) STORED`;
  } else if (kind === 'CheckConstraint') {
    spec.checks.push(checkSql(optionalStr(extra.kwargs.get('name'), 'constraint name'), sqlText(extra.args[0], 'check condition'), extra.kwargs));
  } else {
    throw new Unresolved(`column ${spec.name}: argument ${extra.callee}`);
  }
}

/** The column as the table's column list or ADD COLUMN renders it. */
export function columnSql(column: ColumnSpec, autoincrementColumn: boolean): string {
  let sql = quoteIdent(column.name);
  const nullable = column.nullable ?? !column.primaryKey;
  if (autoincrementColumn && column.integer && !column.identity) {
    sql += column.integer === 'BIGINT' ? ' BIGSERIAL' : column.integer === 'SMALLINT' ? ' SMALLSERIAL' : ' SERIAL';
  } else {
    sql += ` ${column.type.sql}`;
    if (column.serverDefault !== undefined) sql += ` DEFAULT ${column.serverDefault}`;
  }
  if (column.computed) sql += ` ${column.computed}`;
  if (column.identity) sql += ` ${column.identity}`;
  if (!nullable && !column.identity) sql += ' NOT NULL';
  else if (nullable && column.identity) sql += ' NULL';
  for (const check of column.checks) sql += ` ${check}`;
  return sql;
}

/** SQLAlchemy's Table._autoincrement_column: the one integer primary-key column, with no default and no foreign key. */
export function autoincrementColumn(columns: readonly ColumnSpec[], primaryKey: readonly string[]): ColumnSpec | undefined {
  if (primaryKey.length !== 1) return undefined;
  const column = columns.find((c) => c.name === primaryKey[0]);
  if (!column || !column.integer || !column.autoincrement || column.serverDefault !== undefined || column.foreignKeys.length > 0) return undefined;
  return column;
}

const deferrability = (options: Map<string, PyValue>): string => {
  const deferrable = options.get('deferrable');
  const initially = optionalStr(options.get('initially'), 'initially');
  return (deferrable?.kind === 'bool' ? (deferrable.value ? ' DEFERRABLE' : ' NOT DEFERRABLE') : '') + (initially ? ` INITIALLY ${initially}` : '');
};

const idents = (names: readonly string[]) => names.map((n) => quoteIdent(n)).join(', ');

export function foreignKeySql(fk: ForeignKeySpec): string {
  const o = fk.options;
  const match = optionalStr(o.get('match'), 'match');
  const ondelete = optionalStr(o.get('ondelete'), 'ondelete');
  const onupdate = optionalStr(o.get('onupdate'), 'onupdate');
  const notValid = flag(o.get('postgresql_not_valid')) ? ' NOT VALID' : '';
  return (
    `${fk.name ? `CONSTRAINT ${quoteIdent(fk.name)} ` : ''}FOREIGN KEY(${idents(fk.columns)}) REFERENCES ${qualified(fk.table, fk.schema)} (${idents(fk.remoteColumns)})` +
    (match ? ` MATCH ${match}` : '') +
    (ondelete ? ` ON DELETE ${ondelete}` : '') +
    (onupdate ? ` ON UPDATE ${onupdate}` : '') +
    deferrability(o) +
    notValid
  );
}

export const uniqueSql = (name: string | undefined, columns: readonly string[], options: Map<string, PyValue>): string =>
  `${name ? `CONSTRAINT ${quoteIdent(name)} ` : ''}UNIQUE (${idents(columns)})${deferrability(options)}`;

export const primaryKeySql = (name: string | undefined, columns: readonly string[]): string => `${name ? `CONSTRAINT ${quoteIdent(name)} ` : ''}PRIMARY KEY (${idents(columns)})`;

export const checkSql = (name: string | undefined, condition: string, options: Map<string, PyValue> = new Map()): string =>
  `${name ? `CONSTRAINT ${quoteIdent(name)} ` : ''}CHECK (${condition})${deferrability(options)}`;

/** A table-level constraint argument of create_table. */
export type TableConstraint =
  | { kind: 'primary'; name?: string; columns: string[] }
  | { kind: 'sql'; sql: string }
  | { kind: 'foreign'; fk: ForeignKeySpec; useAlter: boolean };

export function readConstraint(value: Call): TableConstraint {
  const name = optionalStr(value.kwargs.get('name'), 'constraint name');
  const kind = lastName(value.callee);
  const columns = () => value.args.map((a) => str(a, `${kind} column`));
  if (kind === 'PrimaryKeyConstraint') return { kind: 'primary', ...(name ? { name } : {}), columns: columns() };
  if (kind === 'UniqueConstraint') return { kind: 'sql', sql: uniqueSql(name, columns(), value.kwargs) };
  if (kind === 'CheckConstraint') return { kind: 'sql', sql: checkSql(name, sqlText(value.args[0], 'check condition'), value.kwargs) };
  if (kind === 'ForeignKeyConstraint') {
    const local = strings(value.args[0] ?? value.kwargs.get('columns'), 'foreign key columns');
    const targets = strings(value.args[1] ?? value.kwargs.get('refcolumns'), 'foreign key references').map(remote);
    const first = targets[0];
    if (!first) throw new Unresolved('foreign key without references');
    const fk: ForeignKeySpec = { ...(name ? { name } : {}), columns: local, table: first.table, ...(first.schema ? { schema: first.schema } : {}), remoteColumns: targets.map((t) => t.column), options: value.kwargs };
    return { kind: 'foreign', fk, useAlter: flag(value.kwargs.get('use_alter')) };
  }
  throw new Unresolved(`table argument ${kind}`);
}
