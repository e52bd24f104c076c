// Whether a column default is volatile: ADD COLUMN with a volatile default rewrites the table
// (pg ≥ 11 stores a non-volatile default once, in the catalog, instead).
import type { Node } from '@pgsql/types';

/** Built-in volatile functions migrations use as defaults. */
const VOLATILE = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'setval',
  'txid_current',
  'pg_current_xact_id',
]);

/** Built-in immutable or stable functions (evaluated once for the default, no rewrite). */
const NOT_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'lower',
  'upper',
  'length',
  'coalesce',
  'concat',
  'to_char',
  'to_timestamp',
  'to_date',
  'make_date',
  'make_interval',
  'jsonb_build_object',
  'json_build_object',
  'jsonb_build_array',
  'array_fill',
  'md5',
]);

export type Volatility = 'volatile' | 'not-volatile' | 'unknown';

/** Volatility of an expression: the worst of its function calls; constants are not volatile. */
export function volatility(expr: Node | undefined): Volatility {
  let result: Volatility = 'not-volatile';
  const visit = (value: unknown): void => {
    if (result === 'volatile' || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const record = value as Record<string, unknown>;
    const call = record.FuncCall as { funcname?: Node[] } | undefined;
    if (call) {
      const names = (call.funcname ?? []).flatMap((n) => ('String' in n && n.String.sval ? [n.String.sval.toLowerCase()] : []));
      const name = names[names.length - 1] ?? '';
      const builtin = names.length === 1 || names[0] === 'pg_catalog' || names[0] === 'public';
      if (builtin && VOLATILE.has(name)) result = 'volatile';
      else if (!(builtin && NOT_VOLATILE.has(name))) result = 'unknown';
    }
    Object.values(record).forEach(visit);
  };
  visit(expr);
  return result;
}
