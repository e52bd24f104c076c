// Which ALTER COLUMN … TYPE changes PostgreSQL makes without rewriting the table: a binary-
// coercible cast whose length/precision coercion is a no-op (the *_support functions in
// varchar.c, numeric.c, timestamp.c, varbit.c).
import type { ColumnType } from './model.js';
import { sameType } from './column-type.js';

/** Types whose typmod only limits values: a wider (or no) limit keeps the stored bytes valid. */
const WIDENABLE = new Set(['varchar', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz']);

/** Casts PostgreSQL performs without a function call (pg_cast castmethod 'b'), between distinct types. */
const BINARY_CASTS = new Set(['varchar→text', 'text→varchar', 'cidr→inet']);

const limit = (t: ColumnType, i: number): number | undefined => (typeof t.typmods[i] === 'number' ? (t.typmods[i] as number) : undefined);

/** numeric(p,s) → numeric(p',s): precision may grow, scale must stay; no modifier = unconstrained. */
function numericWidens(from: ColumnType, to: ColumnType): boolean {
  if (to.typmods.length === 0) return true;
  if (from.typmods.length === 0) return false;
  const [p, s = 0] = [limit(from, 0), limit(from, 1)];
  const [p2, s2 = 0] = [limit(to, 0), limit(to, 1)];
  return p !== undefined && p2 !== undefined && p2 >= p && s2 === s;
}

/** A single typmod limit may grow or be dropped. */
function limitWidens(from: ColumnType, to: ColumnType): boolean {
  if (to.typmods.length === 0) return true;
  const [n, m] = [limit(from, 0), limit(to, 0)];
  return from.typmods.length > 0 && n !== undefined && m !== undefined && m >= n;
}

/**
 * True when changing a column from `from` to `to` keeps every stored value as it is, so
 * ALTER COLUMN … TYPE (without USING) neither rewrites the table nor rebuilds its indexes.
 * timestamp → timestamptz is not included: it skips the rewrite only when the session
 * TimeZone is UTC, which a migration cannot promise.
 */
export function isBinaryCoercible(from: ColumnType, to: ColumnType): boolean {
  if (sameType(from, to)) return true;
  if (from.array || to.array || from.schema || to.schema) return false;
  if (from.name === to.name) {
    if (from.name === 'numeric') return numericWidens(from, to);
    return WIDENABLE.has(from.name) && limitWidens(from, to);
  }
  if (!BINARY_CASTS.has(`${from.name}→${to.name}`)) return false;
  // text → varchar(n) checks every value's length: only an unconstrained varchar is free.
  return to.name !== 'varchar' || to.typmods.length === 0;
}
