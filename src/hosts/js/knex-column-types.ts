// Knex's PostgreSQL column types and default clauses — knex/knex lib/dialects/postgres/schema/
// pg-columncompiler.js and lib/schema/columncompiler.js (defaultTo / formatDefault).
import { quoteDotted, quoteString } from './sql.js';
import { prop, str, type JsValue } from './values.js';

export const COLUMN_TYPES = new Set([
  'increments', 'bigIncrements', 'bigincrements', 'integer', 'mediumint', 'bigInteger', 'biginteger', 'bigint', 'smallint',
  'tinyint', 'text', 'string', 'varchar', 'float', 'double', 'decimal', 'boolean', 'date', 'time', 'datetime', 'timestamp',
  'binary', 'json', 'jsonb', 'uuid', 'specificType', 'enu', 'enum',
]);

/** Knex PostgreSQL column types (pg-columncompiler.js, columncompiler.js). */
export function columnType(method: string, args: JsValue[], column: string): string | undefined {
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

export const truthyBool = (v: JsValue | undefined) => v?.kind === 'boolean' && v.value;

/** The `default …` clause (columncompiler.js defaultTo / formatDefault). */
export function defaultValue(value: JsValue | undefined, method: string, root: string): string | undefined {
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
