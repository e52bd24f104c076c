// Quoting as the ORMs' PostgreSQL compilers do it.

/** `"name"`, embedded quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `"schema"."table"` for a dotted name (Knex's and Kysely's formatter split on dots). */
export const quoteDotted = (name: string): string => name.split('.').map(quoteIdent).join('.');

/** `'text'`, embedded quotes doubled. */
export const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
