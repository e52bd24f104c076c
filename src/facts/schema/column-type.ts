// Column types as PostgreSQL stores them: TypeName nodes → ColumnType, and back to SQL for messages.
import type { Node, TypeName } from '@pgsql/types';
import type { ColumnType } from './model.js';
import { stringValues } from '../node-lists.js';

/** serial types: the integer type they stand for (plus a sequence default and NOT NULL). */
const SERIAL: Record<string, string> = {
  smallserial: 'int2',
  serial2: 'int2',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
};

/** How messages spell the internal names. */
const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

function typmodValue(node: Node): number | string | undefined {
  if ('A_Const' in node) {
    const c = node.A_Const;
    if (c.ival) return c.ival.ival ?? 0;
    if (c.sval) return c.sval.sval;
    if (c.fval) return Number(c.fval.fval);
    return undefined;
  }
  if ('ColumnRef' in node) {
    const last = (node.ColumnRef.fields ?? []).at(-1);
    return last && 'String' in last ? last.String.sval : undefined;
  }
  return undefined;
}

export interface ParsedType {
  type: ColumnType;
  /** Written as serial/bigserial/smallserial. */
  serial: boolean;
}

export function columnType(typeName: TypeName | undefined): ParsedType {
  const names = stringValues(typeName?.names);
  let name = names.at(-1) ?? 'unknown';
  const written = names.length > 1 ? names.at(-2) : undefined;
  const schema = written === 'pg_catalog' ? undefined : written;
  const typmods = (typeName?.typmods ?? []).flatMap((n) => {
    const v = typmodValue(n);
    return v === undefined ? [] : [v];
  });
  const serialOf = schema === undefined ? SERIAL[name] : undefined;
  if (serialOf) name = serialOf;
  const array = (typeName?.arrayBounds?.length ?? 0) > 0;
  // Two literals, not a spread then `typmods`: V8 adds a property after a spread slowly.
  const type: ColumnType = schema ? { name, schema, typmods, array } : { name, typmods, array };
  return { type, serial: serialOf !== undefined };
}

/** SQL for a type: varchar(20), numeric(10,2)[], app.mood. */
export function formatType(type: ColumnType): string {
  const base = type.schema ? `${type.schema}.${type.name}` : (DISPLAY[type.name] ?? type.name);
  // interval's modifiers are field masks (DAY TO SECOND), not something to print as (n).
  const mods = type.typmods.length > 0 && type.name !== 'interval' ? `(${type.typmods.join(',')})` : '';
  return `${base}${mods}${type.array ? '[]' : ''}`;
}

export function sameType(a: ColumnType, b: ColumnType): boolean {
  return (
    a.name === b.name &&
    a.schema === b.schema &&
    a.array === b.array &&
    a.typmods.length === b.typmods.length &&
    a.typmods.every((m, i) => m === b.typmods[i])
  );
}
