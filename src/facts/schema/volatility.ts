// Volatility of a default expression: a constant or non-volatile default is evaluated once and
// stored in the catalog (ADD COLUMN without a rewrite, PostgreSQL 11+); a volatile one is
// evaluated per row, so ADD COLUMN rewrites the table.
import type { Node } from '@pgsql/types';
import type { FunctionVolatility, Volatility } from './model.js';
import { stringValues } from '../node-lists.js';

/** Built-in and common extension functions that are VOLATILE. */
const VOLATILE = new Set([
  'random',
  'random_normal',
  'setseed',
  'gen_random_uuid',
  'gen_random_bytes',
  'gen_salt',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'txid_current',
  'pg_current_xact_id',
]);

/** Built-in functions often used in defaults that are IMMUTABLE or STABLE. */
const NON_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'timezone',
  'date_trunc',
  'date_part',
  'make_date',
  'make_interval',
  'make_timestamp',
  'make_timestamptz',
  'to_timestamp',
  'to_date',
  'to_char',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'array_fill',
  'lower',
  'upper',
  'trim',
  'btrim',
  'concat',
  'md5',
  'encode',
  'decode',
  'current_setting',
  'current_schema',
  'current_database',
  'inet_client_addr',
  'pg_backend_pid',
  'to_tsvector',
  'jsonb_object',
  'uuid_nil',
  'int4range',
  'int8range',
  'tstzrange',
  'daterange',
]);

/** The volatility PostgreSQL declares for a function the set created, if any. */
export type FunctionLookup = (name: string, schema: string | undefined) => FunctionVolatility | undefined;

function funcName(names: readonly Node[] | undefined): { name: string; schema?: string } {
  const parts = stringValues(names);
  const name = parts.at(-1) ?? '';
  const schema = parts.length > 1 ? parts.at(-2) : undefined;
  return schema && schema !== 'pg_catalog' ? { name, schema } : { name };
}

export interface CallVolatility {
  volatility: Volatility;
  /** False when neither the set nor the built-in lists know the function: assumed VOLATILE. */
  known: boolean;
}

/**
 * A function call's volatility: as declared by a CREATE FUNCTION the set ran, else from the
 * built-in lists; any other function counts as volatile, PostgreSQL's default for functions.
 */
export function functionVolatility(names: readonly Node[] | undefined, lookup?: FunctionLookup): CallVolatility {
  const { name, schema } = funcName(names);
  const declared = lookup?.(name, schema);
  if (declared) return { volatility: declared === 'volatile' ? 'volatile' : 'non-volatile', known: true };
  if (VOLATILE.has(name)) return { volatility: 'volatile', known: true };
  if (NON_VOLATILE.has(name) && !schema) return { volatility: 'non-volatile', known: true };
  return { volatility: 'volatile', known: false };
}

/** The first call in an expression that makes it volatile: its name, and whether it is known to be VOLATILE. */
export function volatileCall(expr: Node | undefined, lookup?: FunctionLookup): { name: string; known: boolean } | undefined {
  let found: { name: string; known: boolean } | undefined;
  walkCalls(expr, (names) => {
    const v = functionVolatility(names, lookup);
    if (v.volatility === 'volatile') found = { name: funcName(names).name, known: v.known };
    return found !== undefined;
  });
  return found;
}

/** Calls `onCall` for each function call (FuncCall names) until it returns true; true when it did. */
function walkCalls(expr: Node | undefined, onCall: (names: Node[] | undefined) => boolean, onValueFunction?: () => void): boolean {
  let stop = false;
  const visit = (value: unknown): void => {
    if (stop || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Record<string, unknown>;
    if ('FuncCall' in node) stop = onCall((node as { FuncCall: { funcname?: Node[] } }).FuncCall.funcname);
    else if ('SQLValueFunction' in node) onValueFunction?.();
    for (const child of Object.values(node)) visit(child);
  };
  visit(expr);
  return stop;
}

/** The volatility of an expression: volatile if any call in it is, constant if it calls nothing. */
export function expressionVolatility(expr: Node | undefined, lookup?: FunctionLookup): Volatility {
  let result: Volatility = 'constant';
  const volatile = walkCalls(
    expr,
    (names) => {
      result = 'non-volatile';
      return functionVolatility(names, lookup).volatility === 'volatile';
    },
    () => {
      result = 'non-volatile';
    },
  );
  return volatile ? 'volatile' : result;
}

/** `NULL` or `NULL::type`: PostgreSQL stores no default for it, and ADD COLUMN writes nothing. */
export function isNullConstant(expr: Node | undefined): boolean {
  if (!expr) return false;
  if ('TypeCast' in expr) return isNullConstant(expr.TypeCast.arg);
  return 'A_Const' in expr && expr.A_Const.isnull === true;
}
