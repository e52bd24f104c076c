// The catalog queries behind a schema snapshot, as one query (SNAPSHOT_SQL) that returns each
// part's rows as JSON text: one round trip instead of eleven. It takes no parameters, so a
// session can prepare it once and reuse its plan (src/verify/snapshot.ts). Every value is text
// or boolean, so JSON.parse gives the same JavaScript values with either driver; names are
// quoted with %I. Rows of relations and what belongs to them carry exclusion_key, the unquoted
// `schema.relation` a snapshot may be asked to leave out (the migration history table).

/** User schemas: not the system's, not temporary, not TOAST. */
const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** Objects an extension created are the extension's, not the schema's. */
const notExtensionMember = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

const exclusionKey = (ns: string, rel: string) => `format('%s.%s', ${ns}.nspname, ${rel}.relname) AS exclusion_key`;

const SCHEMAS_SQL = `
SELECT format('%I', n.nspname) AS name
  FROM pg_namespace n
 WHERE ${USER_NS} AND ${notExtensionMember('pg_namespace', 'n.oid')}`;

const EXTENSIONS_SQL = `
SELECT format('%I', x.extname) AS name, format('%I', n.nspname) AS schema, x.extversion AS version
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
 WHERE x.extname <> 'plpgsql'`;

const RELATIONS_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS relkind,
       c.relpersistence::text AS persistence, c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       (SELECT string_agg(format('%I.%I', pn.nspname, p.relname), ', ' ORDER BY i.inhseqno)
          FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
         WHERE i.inhrelid = c.oid) AS inherits,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition,
       array_to_string(c.reloptions, ', ') AS options
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_NS}
   AND ${notExtensionMember('pg_class', 'c.oid')}`;

const COLUMNS_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS relation, c.relkind::text AS relkind, format('%I', a.attname) AS name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS "default",
       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS identity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_NS}
   AND ${notExtensionMember('pg_class', 'c.oid')}`;

// NOT NULL constraints (pg_constraint rows from PostgreSQL 18 on) are the columns' not_null:
// left out, so snapshots of different server versions compare.
const CONSTRAINTS_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS relation, c.relkind::text AS relkind, format('%I', con.conname) AS name,
       con.contype::text AS type, pg_get_constraintdef(con.oid) AS definition,
       con.convalidated AS validated, con.condeferrable AS deferrable, con.condeferred AS deferred
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE con.contype <> 'n' AND ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}`;

// Indexes that implement a primary key, unique or exclusion constraint are that constraint.
const INDEXES_SQL = `
SELECT ${exclusionKey('tn', 'tc')}, format('%I.%I', n.nspname, ic.relname) AS name, format('%I.%I', tn.nspname, tc.relname) AS relation,
       tc.relkind::text AS relkind, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = ic.relnamespace
  JOIN pg_class tc ON tc.oid = i.indrelid
  JOIN pg_namespace tn ON tn.oid = tc.relnamespace
 WHERE ${USER_NS} AND ${notExtensionMember('pg_class', 'tc.oid')}
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))`;

// Sequences behind identity columns are part of the column (its identity); serial sequences
// are listed with the column that owns them.
const SEQUENCES_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS name, format_type(s.seqtypid, NULL) AS type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
       s.seqcache::text AS cache, s.seqcycle AS cycle,
       (SELECT format('%I.%I.%I', tn.nspname, t.relname, a.attname)
          FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a') AS owned_by
  FROM pg_sequence s
  JOIN pg_class c ON c.oid = s.seqrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')`;

const TYPES_SQL = `
SELECT format('%I.%I', n.nspname, t.typname) AS name,
       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range' ELSE t.typtype::text END AS type_kind,
       CASE WHEN t.typtype = 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END AS labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       CASE WHEN t.typtype = 'd' THEN t.typnotnull END AS not_null,
       CASE WHEN t.typtype = 'd' THEN t.typdefault END AS "default",
       CASE WHEN t.typtype = 'd' THEN (SELECT string_agg(format('%I %s', con.conname, pg_get_constraintdef(con.oid)), '; ' ORDER BY con.conname) FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype <> 'n') END AS constraints,
       CASE WHEN t.typtype = 'c' THEN (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,
       CASE WHEN t.typtype = 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) END AS subtype
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype IN ('e', 'd', 'c', 'r') AND ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')}
   AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')`;

const FUNCTIONS_SQL = `
SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name,
       CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' END AS function_kind,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
       l.lanname AS language,
       CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END AS volatility,
       p.prosecdef AS security_definer, p.proisstrict AS strict,
       array_to_string(p.proconfig, ', ') AS config,
       md5(p.prosrc) AS body_md5
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
 WHERE ${USER_NS} AND ${notExtensionMember('pg_proc', 'p.oid')}`;

const TRIGGERS_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS relation, c.relkind::text AS relkind, format('%I', t.tgname) AS name,
       pg_get_triggerdef(t.oid) AS definition,
       CASE t.tgenabled WHEN 'O' THEN 'ORIGIN' WHEN 'D' THEN 'DISABLED' WHEN 'R' THEN 'REPLICA' WHEN 'A' THEN 'ALWAYS' END AS enabled
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT t.tgisinternal AND ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}`;

const POLICIES_SQL = `
SELECT ${exclusionKey('n', 'c')}, format('%I.%I', n.nspname, c.relname) AS relation, c.relkind::text AS relkind, format('%I', p.polname) AS name,
       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
       p.polpermissive AS permissive,
       (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE format('%I', pg_get_userbyid(r)) END, ', ' ORDER BY 1) FROM unnest(p.polroles) r) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${USER_NS}`;

const PARTS = {
  schemas: SCHEMAS_SQL,
  extensions: EXTENSIONS_SQL,
  relations: RELATIONS_SQL,
  columns: COLUMNS_SQL,
  constraints: CONSTRAINTS_SQL,
  indexes: INDEXES_SQL,
  sequences: SEQUENCES_SQL,
  types: TYPES_SQL,
  functions: FUNCTIONS_SQL,
  triggers: TRIGGERS_SQL,
  policies: POLICIES_SQL,
};

export type SnapshotPart = keyof typeof PARTS;

/** One row, one column `snapshot`: a JSON object with an array of rows for each part. */
export const SNAPSHOT_SQL = `SELECT json_build_object(${Object.entries(PARTS)
  .map(([part, query]) => `\n'${part}', (SELECT coalesce(json_agg(r), '[]') FROM (${query}) r)`)
  .join(',')})::text AS snapshot`;
