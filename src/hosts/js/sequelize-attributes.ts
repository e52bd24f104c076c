// Sequelize attributes as its PostgreSQL query generator writes them (attributeToSQL): data types
// (`DataTypes.STRING(100)` → VARCHAR(100), ENUM → `CREATE TYPE "public"."enum_<table>_<column>"` in a DO block),
// NOT NULL, DEFAULT, UNIQUE, PRIMARY KEY and REFERENCES — sequelize/sequelize
// src/dialects/postgres/query-generator.js and data-types.js.
import { quoteIdent, quoteString } from './sql.js';
import { prop, str, truthy, type JsValue } from './values.js';

/** A table argument: 'Users' or { tableName, schema }. */
export function tableName(value: JsValue | undefined): string | undefined {
  if (value?.kind === 'string') return value.text;
  const name = str(prop(value, 'tableName'));
  const schema = str(prop(value, 'schema'));
  return name === undefined ? undefined : schema ? `${schema}.${name}` : name;
}

export const quoteTable = (table: string) => table.split('.').map(quoteIdent).join('.');

export interface ColumnSql {
  sql: string;
  /** `DO 'BEGIN CREATE TYPE … AS ENUM(…); …'` that must precede the column. */
  enumSql: string;
  primaryKey: boolean;
  references: string;
}

/** The PostgreSQL type of a Sequelize data type (`Sequelize.STRING(100)`, `DataTypes.ARRAY(DataTypes.TEXT)`). */
/** An ENUM: its values; `array` for ARRAY(ENUM(…)), a column of `"enum_<table>_<column>"[]`. */
interface EnumType {
  enumValues: string[];
  array?: boolean;
}

function dataType(value: JsValue | undefined): string | EnumType | undefined {
  if (value?.kind === 'string') return value.text;
  if (value?.kind !== 'ref') return undefined;
  const name = value.path.split('.').pop() ?? '';
  const a = value.args ?? [];
  const num = (i: number) => (a[i]?.kind === 'number' ? (a[i] as { value: number }).value : undefined);
  switch (name) {
    case 'STRING': return num(0) !== undefined ? `VARCHAR(${num(0)})` : 'VARCHAR(255)';
    case 'CHAR': return `CHAR(${num(0) ?? 255})`;
    case 'TEXT': return 'TEXT';
    case 'CITEXT': return 'CITEXT';
    case 'INTEGER': return 'INTEGER';
    case 'BIGINT': return 'BIGINT';
    case 'SMALLINT': return 'SMALLINT';
    case 'NUMBER': return 'NUMBER';
    case 'FLOAT': return 'FLOAT';
    case 'REAL': return 'REAL';
    case 'DOUBLE': return 'DOUBLE PRECISION';
    case 'DECIMAL': return num(0) !== undefined ? `DECIMAL(${num(0)},${num(1) ?? 0})` : 'DECIMAL';
    case 'BOOLEAN': return 'BOOLEAN';
    case 'DATE': return 'TIMESTAMP WITH TIME ZONE';
    case 'DATEONLY': return 'DATE';
    case 'TIME': return 'TIME';
    case 'UUID': return 'UUID';
    case 'JSON': return 'JSON';
    case 'JSONB': return 'JSONB';
    case 'BLOB': return 'BYTEA';
    case 'INET': return 'INET';
    case 'CIDR': return 'CIDR';
    case 'MACADDR': return 'MACADDR';
    case 'TSVECTOR': return 'TSVECTOR';
    case 'ENUM': {
      const items = a.length === 1 && a[0]?.kind === 'array' ? a[0].items : a;
      const values = items.map(str);
      return values.includes(undefined) || values.length === 0 ? undefined : { enumValues: values as string[] };
    }
    case 'ARRAY': {
      const inner = dataType(a[0]);
      if (typeof inner === 'string') return `${inner}[]`;
      return inner && !inner.array ? { ...inner, array: true } : undefined;
    }
    case 'RANGE': {
      const inner = a[0]?.kind === 'ref' ? a[0].path.split('.').pop() : undefined;
      const ranges: Record<string, string> = { INTEGER: 'INT4RANGE', BIGINT: 'INT8RANGE', DECIMAL: 'NUMRANGE', DATE: 'TSTZRANGE', DATEONLY: 'DATERANGE' };
      return ranges[inner ?? 'INTEGER'];
    }
    default: return undefined;
  }
}

/** A `DEFAULT` value Sequelize writes into the schema (NOW and UUIDV4 are filled in by the client). */
export function defaultSql(value: JsValue): string | null | undefined {
  switch (value.kind) {
    case 'string': return quoteString(value.text);
    case 'number': return String(value.value);
    case 'boolean': return value.value ? 'true' : 'false';
    case 'null': return 'NULL';
    case 'object':
    case 'array': return null;
    case 'ref': {
      const name = value.path.split('.').pop();
      if (name === 'NOW' || name === 'UUIDV4' || name === 'UUIDV1') return null;
      if (name === 'literal' && value.args?.[0]?.kind === 'string') return value.args[0].text;
      if (name === 'fn' && value.args?.[0]?.kind === 'string') return `${value.args[0].text}()`;
      return undefined;
    }
    default: return undefined;
  }
}

/** postgres data-types.js: FLOAT, REAL and DOUBLE stringify a number default as a string ('1'). */
const QUOTED_NUMBER_TYPES = new Set(['FLOAT', 'REAL', 'DOUBLE PRECISION']);

/** A default whose SQL depends on the column type (the data type's stringify): FLOAT '1', JSONB '{"a":1}'. */
function typedDefault(type: string, value: JsValue): string | null | undefined {
  if (QUOTED_NUMBER_TYPES.has(type) && value.kind === 'number') return quoteString(String(value.value));
  if ((type === 'JSON' || type === 'JSONB') && (value.kind === 'object' || value.kind === 'array')) {
    const json = jsonText(value);
    return json === undefined ? undefined : quoteString(json);
  }
  return defaultSql(value);
}

/** JSON.stringify of a literal object or array; undefined when a part is not a literal. */
function jsonText(value: JsValue): string | undefined {
  switch (value.kind) {
    case 'string': return JSON.stringify(value.text);
    case 'number': return JSON.stringify(value.value);
    case 'boolean': return String(value.value);
    case 'null': return 'null';
    case 'array': {
      const items = value.items.map(jsonText);
      return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
    }
    case 'object': {
      const entries = [...value.props].map(([key, v]) => [key, jsonText(v)] as const);
      return entries.some(([, v]) => v === undefined) ? undefined : `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${v}`).join(',')}}`;
    }
    default: return undefined;
  }
}

/** pgEnum: the type is created inside a DO block that ignores duplicate_object. */
function pgEnum(enumName: string, values: readonly string[]): string {
  return `DO ${quoteString(`BEGIN CREATE TYPE ${enumName} AS ENUM(${values.map(quoteString).join(', ')}); EXCEPTION WHEN duplicate_object THEN null; END`)};`;
}

/** attributeToSQL for PostgreSQL. */
export function attribute(table: string, column: string, value: JsValue | undefined): ColumnSql | { unresolved: string } {
  const def = value?.kind === 'object' ? value : undefined;
  const type = dataType(def ? prop(def, 'type') : value);
  if (type === undefined) return { unresolved: 'unsupported data type' };
  const bareTable = table.split('.').pop() ?? table;
  const enumName = `"public"."enum_${bareTable}_${column}"`;
  let sql = typeof type === 'string' ? type : `${enumName}${type.array ? '[]' : ''}`;
  const enumSql = typeof type === 'string' ? '' : pgEnum(enumName, type.enumValues);
  if (def) {
    const serial = truthy(prop(def, 'autoIncrement'));
    if (serial) sql = sql === 'BIGINT' ? 'BIGSERIAL' : sql === 'SMALLINT' ? 'SMALLSERIAL' : 'SERIAL';
    const allowNull = prop(def, 'allowNull');
    // dataTypeMapping removes NOT NULL from a SERIAL column
    if (allowNull?.kind === 'boolean' && !allowNull.value && !serial) sql += ' NOT NULL';
    const dv = prop(def, 'defaultValue');
    if (dv && dv.kind !== 'undefined') {
      const d = typeof type === 'string' ? typedDefault(type, dv) : defaultSql(dv);
      if (d === undefined) return { unresolved: 'dynamic default value' };
      if (d !== null) sql += ` DEFAULT ${d}`;
    }
    if (prop(def, 'unique')?.kind === 'boolean' && truthy(prop(def, 'unique'))) sql += ' UNIQUE';
    if (truthy(prop(def, 'primaryKey'))) sql += ' PRIMARY KEY';
  }
  const references = referencesSql(def);
  if (references === undefined) return { unresolved: 'dynamic references' };
  return { sql: sql + references, enumSql, primaryKey: truthy(prop(def, 'primaryKey')), references };
}

function referencesSql(def: JsValue | undefined): string | undefined {
  const ref = prop(def, 'references');
  if (!ref) return '';
  const model = prop(ref, 'model');
  const target = tableName(model) ?? str(prop(model, 'tableName'));
  if (target === undefined) return undefined;
  const key = str(prop(ref, 'key')) ?? 'id';
  let sql = ` REFERENCES ${quoteTable(target)} (${quoteIdent(key)})`;
  const onDelete = str(prop(def, 'onDelete'));
  const onUpdate = str(prop(def, 'onUpdate'));
  if (onDelete) sql += ` ON DELETE ${onDelete.toUpperCase()}`;
  if (onUpdate) sql += ` ON UPDATE ${onUpdate.toUpperCase()}`;
  return sql;
}

