// Identifier and literal quoting as SQLAlchemy's PostgreSQL IdentifierPreparer does it
// (sqlalchemy/sql/compiler.py IdentifierPreparer._requires_quotes, postgresql/base.py RESERVED_WORDS).

const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into ' +
    'leading limit localtime localtimestamp new not null of off offset old on only or order placing primary ' +
    'references returning select session_user some symmetric table then to trailing true union unique user using ' +
    'variadic when where window with authorization between binary cross current_schema freeze full ilike inner is ' +
    'isnull join left like natural notnull outer over overlaps right similar verbose').split(' '),
);

/** An identifier as SQLAlchemy renders it: quoted when reserved, mixed-case or not a plain word (or when forced). */
export function quoteIdent(name: string, force = false): string {
  const plain = /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name);
  return plain && !force ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` when a schema is given. */
export const qualified = (name: string, schema?: string): string => (schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name));

/** A string literal. */
export const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
