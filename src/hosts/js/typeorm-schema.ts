// The QueryRunner schema API of TypeORM (createTable, addColumn, createIndex …) as the SQL its
// PostgreSQL driver sends: typeorm src/driver/postgres/PostgresQueryRunner.ts (createTableSql,
// buildCreateColumnSql, createIndexSql, dropIndexSql, createForeignKeySql, createUniqueConstraintSql,
// addColumn, changeColumn, renameColumn …), PostgresDriver.createFullType, and the names
// DefaultNamingStrategy gives unnamed indexes and constraints. What TypeORM decides from the live
// database (the table's current indexes, an existing primary key, a column named only by its name)
// is not known statically: such calls are unresolved, never guessed.
import { createHash } from 'node:crypto';
import type { CallExpression } from '@babel/types';
import type { HostOperation } from '../types.js';
import type { Constants } from './literal.js';
import { staticValue, type StaticObject, type StaticValue } from './static-value.js';

/** QueryRunner methods that change the schema. */
export const SCHEMA_METHODS: ReadonlySet<string> = new Set([
  'createTable', 'dropTable', 'renameTable', 'addColumn', 'addColumns', 'changeColumn', 'changeColumns', 'dropColumn', 'dropColumns', 'renameColumn',
  'createIndex', 'createIndices', 'dropIndex', 'dropIndices', 'createForeignKey', 'createForeignKeys', 'dropForeignKey', 'dropForeignKeys',
  'createPrimaryKey', 'dropPrimaryKey', 'createUniqueConstraint', 'createUniqueConstraints', 'dropUniqueConstraint', 'dropUniqueConstraints',
  'createCheckConstraint', 'createCheckConstraints', 'dropCheckConstraint', 'dropCheckConstraints', 'createExclusionConstraint', 'dropExclusionConstraint',
  'createSchema', 'dropSchema', 'createView', 'dropView', 'clearTable',
]);

export interface SchemaContext {
  text: string;
  constants: Constants;
  runner: string;
}

class Unknown extends Error {}

const obj = (v: StaticValue | undefined, what: string): StaticObject => {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  throw new Unknown(what);
};
const str = (v: StaticValue | undefined, what: string): string => {
  if (typeof v === 'string') return v;
  throw new Unknown(what);
};
const list = (v: StaticValue | undefined, what: string): StaticValue[] => {
  if (Array.isArray(v)) return v;
  throw new Unknown(what);
};
const strings = (v: StaticValue | undefined, what: string): string[] => list(v, what).map((s) => str(s, what));
const opt = (o: StaticObject, key: string): string | undefined => (typeof o[key] === 'string' || typeof o[key] === 'number' ? String(o[key]) : undefined);

const sha1 = (key: string) => createHash('sha1').update(key).digest('hex');
/** DefaultNamingStrategy: `${prefix}` + sha1 of the table (`.` → `_`) and the sorted column names. */
function generatedName(prefix: string, length: number, table: string, columns: readonly string[], where?: string): string {
  let key = `${table.replace('.', '_')}_${[...columns].sort().join('_')}`;
  if (where) key += `_${where}`;
  return prefix + sha1(key).slice(0, length);
}

/** A table argument: its name (`schema.table` allowed) from a string or a `new Table({ name })`. */
function tableName(v: StaticValue | undefined): string {
  if (typeof v === 'string') return v;
  return str(obj(v, 'the table').name, 'the table name');
}

/** PostgresQueryRunner.escapePath: `"schema"."table"`, or `"table"` in the search schema (public). */
function escapePath(name: string): string {
  const dot = name.indexOf('.');
  if (dot < 0) return `"${name}"`;
  const schema = name.slice(0, dot);
  const table = name.slice(dot + 1);
  return schema === 'public' ? `"${table}"` : `"${schema}"."${table}"`;
}
const bareTable = (name: string) => name.slice(name.indexOf('.') + 1);

/** PostgresDriver.createFullType. */
function fullType(c: StaticObject): string {
  let type = str(c.type, 'the column type');
  const precision = opt(c, 'precision');
  const scale = opt(c, 'scale');
  if (opt(c, 'length')) type += `(${opt(c, 'length')})`;
  else if (precision !== undefined && scale !== undefined) type += `(${precision},${scale})`;
  else if (precision !== undefined) type += `(${precision})`;
  const withPrecision = (base: string, zone: string) => `${base}${precision !== undefined ? `(${precision})` : ''} ${zone}`;
  if (c.type === 'time without time zone') type = withPrecision('TIME', 'WITHOUT TIME ZONE');
  else if (c.type === 'time with time zone') type = withPrecision('TIME', 'WITH TIME ZONE');
  else if (c.type === 'timestamp without time zone') type = withPrecision('TIMESTAMP', 'WITHOUT TIME ZONE');
  else if (c.type === 'timestamp with time zone') type = withPrecision('TIMESTAMP', 'WITH TIME ZONE');
  if (c.isArray === true) type += ' array';
  return type;
}

function enumName(table: string, c: StaticObject): string {
  const name = opt(c, 'enumName') ?? `${bareTable(table)}_${str(c.name, 'the column name').toLowerCase()}_enum`;
  const dot = table.indexOf('.');
  const full = dot >= 0 && !opt(c, 'enumName') ? `${table.slice(0, dot)}.${name}` : name;
  return full.split('.').map((part) => `"${part}"`).join('.');
}

const isEnum = (c: StaticObject) => c.type === 'enum' || c.type === 'simple-enum';

/** PostgresQueryRunner.buildCreateColumnSql. */
function columnSql(table: string, c: StaticObject): string {
  let sql = `"${str(c.name, 'the column name')}"`;
  const generated = c.isGenerated === true;
  if (generated && c.generationStrategy !== 'uuid') {
    if (c.generationStrategy === 'identity') sql += ` ${str(c.type, 'the column type')} GENERATED ${opt(c, 'generatedIdentity') ?? 'BY DEFAULT'} AS IDENTITY`;
    else if (['integer', 'int', 'int4'].includes(String(c.type))) sql += ' SERIAL';
    else if (['smallint', 'int2'].includes(String(c.type))) sql += ' SMALLSERIAL';
    else if (['bigint', 'int8'].includes(String(c.type))) sql += ' BIGSERIAL';
  }
  if (isEnum(c)) sql += ` ${enumName(table, c)}${c.isArray === true ? ' array' : ''}`;
  else if (!generated || c.type === 'uuid') sql += ` ${fullType(c)}`;
  if (c.generatedType === 'STORED' && opt(c, 'asExpression')) sql += ` GENERATED ALWAYS AS (${opt(c, 'asExpression')}) STORED`;
  if (opt(c, 'charset')) sql += ` CHARACTER SET "${opt(c, 'charset')}"`;
  if (opt(c, 'collation')) sql += ` COLLATE "${opt(c, 'collation')}"`;
  if (c.isNullable !== true) sql += ' NOT NULL';
  if (c.default !== undefined && c.default !== null) sql += ` DEFAULT ${String(c.default)}`;
  if (generated && c.generationStrategy === 'uuid' && !c.default) sql += ' DEFAULT uuid_generate_v4()';
  return sql;
}

const enumTypeSql = (table: string, c: StaticObject) => `CREATE TYPE ${enumName(table, c)} AS ENUM(${strings(c.enum, 'the enum values').map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
const quoted = (names: readonly string[], sep = ', ') => names.map((n) => `"${n}"`).join(sep);
const comment = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** PostgresQueryRunner.createIndexSql, with DefaultNamingStrategy's name for an unnamed index. */
function indexSql(table: string, index: StaticObject): string {
  const columns = strings(index.columnNames, 'the index columns');
  const where = opt(index, 'where');
  const name = opt(index, 'name') ?? generatedName('IDX_', 26, table, columns, where);
  const type = index.isSpatial === true ? 'gist' : opt(index, 'type');
  return `CREATE ${index.isUnique === true ? 'UNIQUE ' : ''}INDEX${index.isConcurrent === true ? ' CONCURRENTLY' : ''} "${name}" ON ${escapePath(table)} ${type ? `USING ${type}` : ''} (${quoted(columns)}) ${where ? `WHERE ${where}` : ''}`;
}

/** The FOREIGN KEY constraint: createForeignKeySql joins referenced columns with ",", createTableSql with ", " after a space. */
function foreignKeyConstraint(table: string, fk: StaticObject, inCreateTable: boolean): string {
  const columns = strings(fk.columnNames, 'the foreign key columns');
  const referenced = str(fk.referencedTableName, 'the referenced table');
  const name = opt(fk, 'name') ?? generatedName('FK_', 27, table, columns);
  const target = escapePath(opt(fk, 'referencedSchema') ? `${opt(fk, 'referencedSchema')}.${referenced}` : referenced);
  const refs = quoted(strings(fk.referencedColumnNames, 'the referenced columns'), inCreateTable ? ', ' : ',');
  let sql = `CONSTRAINT "${name}" FOREIGN KEY (${quoted(columns)}) REFERENCES ${target}${inCreateTable ? ' ' : ''}(${refs})`;
  if (opt(fk, 'onDelete')) sql += ` ON DELETE ${opt(fk, 'onDelete')}`;
  if (opt(fk, 'onUpdate')) sql += ` ON UPDATE ${opt(fk, 'onUpdate')}`;
  if (opt(fk, 'deferrable')) sql += ` DEFERRABLE ${opt(fk, 'deferrable')}`;
  return sql;
}

const foreignKeySql = (table: string, fk: StaticObject) => `ALTER TABLE ${escapePath(table)} ADD ${foreignKeyConstraint(table, fk, false)}`;

function uniqueSql(table: string, unique: StaticObject): string {
  const columns = strings(unique.columnNames, 'the unique columns');
  const name = opt(unique, 'name') ?? generatedName('UQ_', 27, table, columns);
  return `ALTER TABLE ${escapePath(table)} ADD CONSTRAINT "${name}" UNIQUE (${quoted(columns)})${opt(unique, 'deferrable') ? ` DEFERRABLE ${opt(unique, 'deferrable')}` : ''}`;
}

/** PostgresQueryRunner.createTable → createTableSql, then its indices. */
function createTable(args: readonly (StaticValue | undefined)[]): string[] {
  const table = obj(args[0], 'the table');
  const name = tableName(table);
  const createForeignKeys = args[2] !== false;
  const createIndices = args[3] !== false;
  const columns = list(table.columns, 'the columns').map((c) => obj(c, 'a column'));
  const out: string[] = columns.filter(isEnum).map((c) => enumTypeSql(name, c));
  const parts = columns.map((c) => columnSql(name, c));
  const uniques = (table.uniques === undefined ? [] : list(table.uniques, 'the uniques')).map((u) => obj(u, 'a unique'));
  for (const c of columns.filter((c) => c.isUnique === true)) {
    if (!uniques.some((u) => Array.isArray(u.columnNames) && u.columnNames.length === 1 && u.columnNames[0] === c.name)) uniques.push({ columnNames: [str(c.name, 'the column name')] });
  }
  for (const u of uniques) {
    const cols = strings(u.columnNames, 'the unique columns');
    parts.push(`CONSTRAINT "${opt(u, 'name') ?? generatedName('UQ_', 27, name, cols)}" UNIQUE (${quoted(cols)})${opt(u, 'deferrable') ? ` DEFERRABLE ${opt(u, 'deferrable')}` : ''}`);
  }
  for (const check of (table.checks === undefined ? [] : list(table.checks, 'the checks')).map((c) => obj(c, 'a check'))) {
    const expression = str(check.expression, 'the check expression');
    parts.push(`CONSTRAINT "${opt(check, 'name') ?? `CHK_${sha1(`${name.replace('.', '_')}_${expression}`).slice(0, 26)}`}" CHECK (${expression})`);
  }
  if (createForeignKeys) {
    for (const fk of (table.foreignKeys === undefined ? [] : list(table.foreignKeys, 'the foreign keys')).map((f) => obj(f, 'a foreign key'))) {
      parts.push(foreignKeyConstraint(name, fk, true));
    }
  }
  const primary = columns.filter((c) => c.isPrimary === true);
  if (primary.length > 0) {
    const cols = primary.map((c) => str(c.name, 'the column name'));
    parts.push(`CONSTRAINT "${opt(primary[0]!, 'primaryKeyConstraintName') ?? generatedName('PK_', 27, name, cols)}" PRIMARY KEY (${quoted(cols)})`);
  }
  out.push(`CREATE TABLE ${escapePath(name)} (${parts.join(', ')})`);
  for (const c of columns.filter((c) => opt(c, 'comment'))) out.push(`COMMENT ON COLUMN ${escapePath(name)}."${str(c.name, '')}" IS ${comment(opt(c, 'comment')!)}`);
  if (createIndices) for (const index of (table.indices === undefined ? [] : list(table.indices, 'the indices')).map((i) => obj(i, 'an index'))) out.push(indexSql(name, index));
  return out;
}

/** PostgresQueryRunner.addColumn, for what the call itself says (not the table's existing primary key). */
function addColumn(table: string, column: StaticObject): string[] {
  if (column.isPrimary === true) throw new Unknown('a primary key column (TypeORM rebuilds the primary key it reads from the database)');
  const out: string[] = isEnum(column) ? [enumTypeSql(table, column)] : [];
  out.push(`ALTER TABLE ${escapePath(table)} ADD ${columnSql(table, column)}`);
  const name = str(column.name, 'the column name');
  if (column.isUnique === true) out.push(`ALTER TABLE ${escapePath(table)} ADD CONSTRAINT "${generatedName('UQ_', 27, table, [name])}" UNIQUE ("${name}")`);
  if (opt(column, 'comment')) out.push(`COMMENT ON COLUMN ${escapePath(table)}."${name}" IS ${comment(opt(column, 'comment')!)}`);
  return out;
}

/** PostgresQueryRunner.changeColumn when both columns are written out (a column named only by name is read from the database). */
function changeColumn(table: string, oldValue: StaticValue | undefined, newValue: StaticValue | undefined): string[] {
  if (typeof oldValue === 'string') throw new Unknown('changeColumn with the old column by name (TypeORM reads it from the database)');
  const from = obj(oldValue, 'the old column');
  const to = obj(newValue, 'the new column');
  const t = escapePath(table);
  const oldName = str(from.name, 'the old column name');
  const newName = str(to.name, 'the new column name');
  if (Boolean(to.isArray) !== Boolean(from.isArray) || from.generationStrategy !== to.generationStrategy || (!from.generatedType && to.generatedType === 'STORED')) {
    return [`ALTER TABLE ${t} DROP COLUMN "${oldName}"`, ...addColumn(table, to)];
  }
  const out: string[] = [];
  if (from.type !== to.type || opt(from, 'length') !== opt(to, 'length')) {
    if (isEnum(to) || isEnum(from)) throw new Unknown('an enum type change');
    const type = fullType(to);
    out.push(`ALTER TABLE ${t} ALTER COLUMN "${newName}" TYPE ${type} USING "${newName}"::${type}`);
  }
  if (oldName !== newName) out.push(`ALTER TABLE ${t} RENAME COLUMN "${oldName}" TO "${newName}"`);
  if ((from.isNullable === true) !== (to.isNullable === true)) out.push(`ALTER TABLE ${t} ALTER COLUMN "${newName}" ${to.isNullable === true ? 'DROP' : 'SET'} NOT NULL`);
  if (from.default !== to.default) out.push(to.default === undefined || to.default === null ? `ALTER TABLE ${t} ALTER COLUMN "${newName}" DROP DEFAULT` : `ALTER TABLE ${t} ALTER COLUMN "${newName}" SET DEFAULT ${String(to.default)}`);
  if (from.isUnique !== true && to.isUnique === true) out.push(`ALTER TABLE ${t} ADD CONSTRAINT "${generatedName('UQ_', 27, table, [newName])}" UNIQUE ("${newName}")`);
  return out;
}

const nameOf = (v: StaticValue | undefined, what: string) => (typeof v === 'string' ? v : str(obj(v, what).name, what));
const each = <T>(v: StaticValue | undefined, what: string, f: (item: StaticValue) => T[]): T[] => list(v, what).flatMap(f);

function translate(method: string, args: readonly (StaticValue | undefined)[]): string[] {
  const table = () => tableName(args[0]);
  const t = () => escapePath(table());
  switch (method) {
    case 'createTable':
      return createTable(args);
    case 'dropTable':
      return [`DROP TABLE ${escapePath(tableName(args[0]))}`];
    case 'renameTable':
      return [`ALTER TABLE ${t()} RENAME TO "${str(args[1], 'the new name')}"`];
    case 'addColumn':
      return addColumn(table(), obj(args[1], 'the column'));
    case 'addColumns':
      return each(args[1], 'the columns', (c) => addColumn(table(), obj(c, 'a column')));
    case 'dropColumn':
      return [`ALTER TABLE ${t()} DROP COLUMN "${nameOf(args[1], 'the column')}"`];
    case 'dropColumns':
      return each(args[1], 'the columns', (c) => [`ALTER TABLE ${t()} DROP COLUMN "${nameOf(c, 'a column')}"`]);
    case 'renameColumn': {
      const to = typeof args[2] === 'string' ? args[2] : str(obj(args[2], 'the new column').name, 'the new column name');
      return [`ALTER TABLE ${t()} RENAME COLUMN "${nameOf(args[1], 'the old column')}" TO "${to}"`];
    }
    case 'changeColumn':
      return changeColumn(table(), args[1], args[2]);
    case 'changeColumns':
      return each(args[1], 'the changes', (c) => changeColumn(table(), obj(c, 'a change').oldColumn, obj(c, 'a change').newColumn));
    case 'createIndex':
      return [indexSql(table(), obj(args[1], 'the index'))];
    case 'createIndices':
      return each(args[1], 'the indices', (i) => [indexSql(table(), obj(i, 'an index'))]);
    case 'dropIndex':
    case 'dropIndices': {
      const drop = (v: StaticValue) => {
        const concurrent = typeof v === 'object' && v !== null && !Array.isArray(v) && v.isConcurrent === true;
        const schema = table().includes('.') ? `"${table().slice(0, table().indexOf('.'))}".` : '';
        return [`DROP INDEX ${concurrent ? 'CONCURRENTLY ' : ''}${schema}"${nameOf(v, 'the index')}"`];
      };
      return method === 'dropIndex' ? drop(args[1] ?? null) : each(args[1], 'the indices', drop);
    }
    case 'createForeignKey':
      return [foreignKeySql(table(), obj(args[1], 'the foreign key'))];
    case 'createForeignKeys':
      return each(args[1], 'the foreign keys', (f) => [foreignKeySql(table(), obj(f, 'a foreign key'))]);
    case 'createUniqueConstraint':
      return [uniqueSql(table(), obj(args[1], 'the unique constraint'))];
    case 'createUniqueConstraints':
      return each(args[1], 'the unique constraints', (u) => [uniqueSql(table(), obj(u, 'a unique constraint'))]);
    case 'createCheckConstraint': {
      const check = obj(args[1], 'the check');
      return [`ALTER TABLE ${t()} ADD CONSTRAINT "${str(check.name, 'the check name')}" CHECK (${str(check.expression, 'the check expression')})`];
    }
    case 'createPrimaryKey': {
      const columns = strings(args[1], 'the primary key columns');
      return [`ALTER TABLE ${t()} ADD CONSTRAINT "${typeof args[2] === 'string' ? args[2] : generatedName('PK_', 27, table(), columns)}" PRIMARY KEY (${quoted(columns)})`];
    }
    case 'dropForeignKey':
    case 'dropUniqueConstraint':
    case 'dropCheckConstraint':
    case 'dropExclusionConstraint':
      return [`ALTER TABLE ${t()} DROP CONSTRAINT "${nameOf(args[1], 'the constraint')}"`];
    case 'dropForeignKeys':
    case 'dropUniqueConstraints':
    case 'dropCheckConstraints':
      return each(args[1], 'the constraints', (c) => [`ALTER TABLE ${t()} DROP CONSTRAINT "${nameOf(c, 'a constraint')}"`]);
    case 'createSchema':
      return [`CREATE SCHEMA${args[1] === true ? ' IF NOT EXISTS' : ''} "${str(args[0], 'the schema')}"`];
    case 'dropSchema':
      return [`DROP SCHEMA${args[1] === true ? ' IF EXISTS' : ''} "${str(args[0], 'the schema')}"${args[2] === true ? ' CASCADE' : ''}`];
    case 'clearTable':
      return [`TRUNCATE TABLE ${escapePath(str(args[0], 'the table'))}`];
    default:
      throw new Unknown(`${method} is not translated`);
  }
}

/** One schema API call → its SQL (statements joined with `;`), or unresolved with the reason. */
export function schemaCall(call: CallExpression, method: string, ctx: SchemaContext): HostOperation {
  const span = { start: call.start ?? 0, end: call.end ?? 0 };
  const written = `${ctx.runner}.${method}(…)`;
  const args = call.arguments.map((a) => (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder' ? undefined : staticValue(a, ctx.text, ctx.constants)));
  try {
    const statements = translate(method, args);
    return { sql: statements.join(';\n'), span, call: written };
  } catch (error) {
    if (!(error instanceof Unknown)) throw error;
    return { span, unresolved: `${written}: ${error.message.startsWith('the ') || error.message.startsWith('a ') ? `${error.message} is not static` : error.message}`, call: written };
  }
}
