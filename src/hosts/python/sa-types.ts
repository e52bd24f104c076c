// SQLAlchemy column types → the type names SQLAlchemy's PostgreSQL dialect renders
// (sqlalchemy/dialects/postgresql/base.py PGTypeCompiler, sqlalchemy/sql/compiler.py GenericTypeCompiler):
// String(50) → VARCHAR(50), DateTime(timezone=True) → TIMESTAMP WITH TIME ZONE, ARRAY(Integer) → INTEGER[],
// a native Enum → its type name (created first with CREATE TYPE … AS ENUM, as SQLAlchemy's create_type does).
import { quoteIdent, sqlString } from './sql-text.js';
import type { PyValue } from './values.js';

export interface ResolvedType {
  sql: string;
  /** A native enum the DDL creates before the table: CREATE TYPE name AS ENUM (…). */
  createEnum?: { name: string; sql: string };
}

export type TypeResult = ResolvedType | { unresolved: string };

const SA_MODULE = /^sqlalchemy(\.|$)/;

const arg = (value: PyValue, index: number, keyword: string): PyValue | undefined =>
  value.kind === 'call' ? (value.kwargs.get(keyword) ?? value.args[index]) : undefined;

const numberArg = (value: PyValue, index: number, keyword: string): number | undefined => {
  const found = arg(value, index, keyword);
  return found?.kind === 'num' ? found.value : undefined;
};

const flagArg = (value: PyValue, index: number, keyword: string): boolean => {
  const found = arg(value, index, keyword);
  return found?.kind === 'bool' && found.value;
};

const sized = (name: string, index = 0, keyword = 'length') => (v: PyValue) => {
  const length = numberArg(v, index, keyword);
  return length === undefined ? name : `${name}(${length})`;
};

const zoned = (name: 'TIMESTAMP' | 'TIME') => (v: PyValue) => {
  const precision = numberArg(v, -1, 'precision');
  return `${name}${precision === undefined ? '' : `(${precision})`} ${flagArg(v, 0, 'timezone') ? 'WITH' : 'WITHOUT'} TIME ZONE`;
};

const numeric = (v: PyValue) => {
  const precision = numberArg(v, 0, 'precision');
  const scale = numberArg(v, 1, 'scale');
  if (precision === undefined) return 'NUMERIC';
  return scale === undefined ? `NUMERIC(${precision})` : `NUMERIC(${precision}, ${scale})`;
};

const fixed = (name: string) => () => name;

const RENDER: Record<string, (value: PyValue) => string> = {
  String: sized('VARCHAR'), Unicode: sized('VARCHAR'), VARCHAR: sized('VARCHAR'), NVARCHAR: sized('VARCHAR'),
  CHAR: sized('CHAR'), NCHAR: sized('CHAR'),
  Text: fixed('TEXT'), UnicodeText: fixed('TEXT'), TEXT: fixed('TEXT'), CITEXT: fixed('CITEXT'),
  Integer: fixed('INTEGER'), INTEGER: fixed('INTEGER'), INT: fixed('INTEGER'),
  BigInteger: fixed('BIGINT'), BIGINT: fixed('BIGINT'), SmallInteger: fixed('SMALLINT'), SMALLINT: fixed('SMALLINT'),
  Boolean: fixed('BOOLEAN'), BOOLEAN: fixed('BOOLEAN'),
  DateTime: zoned('TIMESTAMP'), TIMESTAMP: zoned('TIMESTAMP'), DATETIME: zoned('TIMESTAMP'),
  Time: zoned('TIME'), TIME: zoned('TIME'), Date: fixed('DATE'), DATE: fixed('DATE'),
  Interval: fixed('INTERVAL'), INTERVAL: fixed('INTERVAL'),
  Float: sized('FLOAT', 0, 'precision'), FLOAT: sized('FLOAT', 0, 'precision'), REAL: fixed('REAL'),
  Double: fixed('DOUBLE PRECISION'), DOUBLE: fixed('DOUBLE PRECISION'), DOUBLE_PRECISION: fixed('DOUBLE PRECISION'),
  Numeric: numeric, NUMERIC: numeric, DECIMAL: numeric,
  JSON: fixed('JSON'), JSONB: fixed('JSONB'),
  UUID: fixed('UUID'), Uuid: fixed('UUID'),
  LargeBinary: fixed('BYTEA'), BYTEA: fixed('BYTEA'), BLOB: fixed('BYTEA'),
  INET: fixed('INET'), CIDR: fixed('CIDR'), MACADDR: fixed('MACADDR'), MONEY: fixed('MONEY'), OID: fixed('OID'),
  TSVECTOR: fixed('TSVECTOR'), HSTORE: fixed('HSTORE'), BIT: sized('BIT'),
  INT4RANGE: fixed('INT4RANGE'), INT8RANGE: fixed('INT8RANGE'), NUMRANGE: fixed('NUMRANGE'),
  DATERANGE: fixed('DATERANGE'), TSRANGE: fixed('TSRANGE'), TSTZRANGE: fixed('TSTZRANGE'),
};

/** Types of well-known extension packages whose PostgreSQL implementation is fixed. */
const THIRD_PARTY: Record<string, string> = {
  // sqlalchemy_utils/types/ts_vector.py: impl = TSVECTOR; json.py: postgresql.JSON on PostgreSQL.
  'sqlalchemy_utils.types.ts_vector.TSVectorType': 'TSVECTOR',
  'sqlalchemy_utils.TSVectorType': 'TSVECTOR',
  'sqlalchemy_utils.types.json.JSONType': 'JSON',
  'sqlalchemy_utils.JSONType': 'JSON',
};

const typeName = (value: PyValue): string | undefined => (value.kind === 'call' ? value.callee : value.kind === 'ref' ? value.name : undefined);

/** The PostgreSQL type a SQLAlchemy type expression renders as. */
export function renderType(value: PyValue): TypeResult {
  const name = typeName(value);
  if (name === undefined) return { unresolved: value.kind === 'dynamic' ? value.reason : 'column type' };
  const known = THIRD_PARTY[name];
  if (known) return { sql: known };
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (!SA_MODULE.test(name)) {
    // A project's own TypeDecorator: its PostgreSQL type is decided by code we do not run. It is named
    // after its class, so no rule mistakes it for a type it may not be.
    return { sql: quoteIdent(name, true) };
  }
  if (last === 'Enum' || last === 'ENUM') return enumType(value);
  if (last === 'ARRAY') {
    const item = arg(value, 0, 'item_type');
    if (!item) return { unresolved: 'ARRAY without an item type' };
    const inner = renderType(item);
    if ('unresolved' in inner) return inner;
    const dimensions = numberArg(value, 3, 'dimensions') ?? 1;
    return { ...inner, sql: inner.sql + '[]'.repeat(dimensions) };
  }
  const render = RENDER[last];
  return render ? { sql: render(value) } : { unresolved: `SQLAlchemy type ${last}` };
}

function enumType(value: PyValue): TypeResult {
  if (value.kind !== 'call') return { unresolved: 'Enum without a name' };
  const nameArg = value.kwargs.get('name');
  if (nameArg?.kind !== 'str') return { unresolved: 'Enum without a literal name=' };
  const native = value.kwargs.get('native_enum');
  if (native?.kind === 'bool' && !native.value) return { unresolved: 'non-native Enum' };
  const type = quoteIdent(nameArg.value);
  const createType = value.kwargs.get('create_type');
  if (createType?.kind === 'bool' && !createType.value) return { sql: type };
  const labels = value.args.map((v) => (v.kind === 'str' ? v.value : undefined));
  if (labels.length === 0 || labels.some((l) => l === undefined)) return { unresolved: 'Enum values that are not string literals' };
  return { sql: type, createEnum: { name: nameArg.value, sql: `CREATE TYPE ${type} AS ENUM (${labels.map((l) => sqlString(l as string)).join(', ')})` } };
}
