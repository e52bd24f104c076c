// The extensions PGlite can load: plpgsql (built in) and the contrib modules its package
// bundles. Anything else (postgis, pg_cron, timescaledb …) needs a real server (--shadow-url).
import type { Extension } from '@electric-sql/pglite';

type Loader = () => Promise<Extension>;

// Each loader is a literal import, so bundlers keep them as separate, lazily loaded modules.
const LOADERS: Record<string, Loader> = {
  amcheck: async () => (await import('@electric-sql/pglite/contrib/amcheck')).amcheck,
  auto_explain: async () => (await import('@electric-sql/pglite/contrib/auto_explain')).auto_explain,
  bloom: async () => (await import('@electric-sql/pglite/contrib/bloom')).bloom,
  btree_gin: async () => (await import('@electric-sql/pglite/contrib/btree_gin')).btree_gin,
  btree_gist: async () => (await import('@electric-sql/pglite/contrib/btree_gist')).btree_gist,
  citext: async () => (await import('@electric-sql/pglite/contrib/citext')).citext,
  cube: async () => (await import('@electric-sql/pglite/contrib/cube')).cube,
  dict_int: async () => (await import('@electric-sql/pglite/contrib/dict_int')).dict_int,
  dict_xsyn: async () => (await import('@electric-sql/pglite/contrib/dict_xsyn')).dict_xsyn,
  earthdistance: async () => (await import('@electric-sql/pglite/contrib/earthdistance')).earthdistance,
  file_fdw: async () => (await import('@electric-sql/pglite/contrib/file_fdw')).file_fdw,
  fuzzystrmatch: async () => (await import('@electric-sql/pglite/contrib/fuzzystrmatch')).fuzzystrmatch,
  hstore: async () => (await import('@electric-sql/pglite/contrib/hstore')).hstore,
  intarray: async () => (await import('@electric-sql/pglite/contrib/intarray')).intarray,
  isn: async () => (await import('@electric-sql/pglite/contrib/isn')).isn,
  lo: async () => (await import('@electric-sql/pglite/contrib/lo')).lo,
  ltree: async () => (await import('@electric-sql/pglite/contrib/ltree')).ltree,
  moddatetime: async () => (await import('@electric-sql/pglite/contrib/moddatetime')).moddatetime,
  pageinspect: async () => (await import('@electric-sql/pglite/contrib/pageinspect')).pageinspect,
  pg_buffercache: async () => (await import('@electric-sql/pglite/contrib/pg_buffercache')).pg_buffercache,
  pg_freespacemap: async () => (await import('@electric-sql/pglite/contrib/pg_freespacemap')).pg_freespacemap,
  pg_stat_statements: async () => (await import('@electric-sql/pglite/contrib/pg_stat_statements')).pg_stat_statements,
  pg_surgery: async () => (await import('@electric-sql/pglite/contrib/pg_surgery')).pg_surgery,
  pg_trgm: async () => (await import('@electric-sql/pglite/contrib/pg_trgm')).pg_trgm,
  pg_visibility: async () => (await import('@electric-sql/pglite/contrib/pg_visibility')).pg_visibility,
  pg_walinspect: async () => (await import('@electric-sql/pglite/contrib/pg_walinspect')).pg_walinspect,
  pgcrypto: async () => (await import('@electric-sql/pglite/contrib/pgcrypto')).pgcrypto,
  seg: async () => (await import('@electric-sql/pglite/contrib/seg')).seg,
  tablefunc: async () => (await import('@electric-sql/pglite/contrib/tablefunc')).tablefunc,
  tcn: async () => (await import('@electric-sql/pglite/contrib/tcn')).tcn,
  tsm_system_rows: async () => (await import('@electric-sql/pglite/contrib/tsm_system_rows')).tsm_system_rows,
  tsm_system_time: async () => (await import('@electric-sql/pglite/contrib/tsm_system_time')).tsm_system_time,
  'uuid-ossp': async () => (await import('@electric-sql/pglite/contrib/uuid_ossp')).uuid_ossp,
};

/** CREATE EXTENSION … CASCADE installs these first; PGlite must have loaded them too. */
const REQUIRES: Record<string, readonly string[]> = { earthdistance: ['cube'] };

export const BUILTIN_EXTENSIONS: ReadonlySet<string> = new Set(['plpgsql']);

export function pgliteCanLoad(extension: string): boolean {
  return BUILTIN_EXTENSIONS.has(extension) || extension in LOADERS;
}

/** The PGlite `extensions` option for the named extensions (unknown names are left out). */
export async function pgliteExtensions(names: Iterable<string>): Promise<Record<string, Extension>> {
  const wanted = new Set<string>();
  for (const n of names) {
    if (!(n in LOADERS)) continue;
    wanted.add(n);
    for (const dep of REQUIRES[n] ?? []) wanted.add(dep);
  }
  const out: Record<string, Extension> = {};
  for (const n of [...wanted].sort()) out[n.replace(/-/g, '_')] = await LOADERS[n]!();
  return out;
}
