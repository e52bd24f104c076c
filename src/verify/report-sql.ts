// The catalog queries of `migrationlint report`: sizes come back as text (bigint), counts as int.

export const SERVER_SQL = `
SELECT current_setting('server_version') AS version, current_database() AS name,
       pg_database_size(current_database())::text AS bytes`;

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

export const LARGEST_TABLES_SQL = `
SELECT format('%I.%I', n.nspname, c.relname) AS name,
       pg_total_relation_size(c.oid)::text AS total_bytes,
       pg_relation_size(c.oid)::text AS table_bytes,
       pg_indexes_size(c.oid)::text AS index_bytes,
       GREATEST(c.reltuples, 0)::bigint::text AS rows_estimate
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'm') AND ${USER_NS}
 ORDER BY pg_total_relation_size(c.oid) DESC, 1
 LIMIT $1`;

export const LARGEST_INDEXES_SQL = `
SELECT format('%I.%I', n.nspname, ic.relname) AS name, format('%I.%I', tn.nspname, tc.relname) AS relation,
       pg_relation_size(ic.oid)::text AS bytes, i.indisvalid AS valid
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
  JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
 WHERE ${USER_NS}
 ORDER BY pg_relation_size(ic.oid) DESC, 1
 LIMIT $1`;
