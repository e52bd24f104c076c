// Reads per table, from a live database, what sizes the risk of a migration: estimated rows,
// heap/total/index bytes, write rates, and the server's version. Read-only (one READ ONLY
// transaction, catalog and statistics views only: no row data), so it runs on a replica and
// with a role that owns nothing but may read the statistics (pg_read_all_stats).
import type { Row } from '../apply/driver.js';
import type { StatsFile, TableStats, WriteRates } from './file.js';
import { STATS_FORMAT } from './file.js';

/** What collecting needs of a session: node-postgres (PgDb) and PGlite both fit. */
export interface Queryable {
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
}

export interface CollectOptions {
  /** Seconds between the two readings of the write counters; 0: the rates since the statistics were reset. */
  sampleSeconds: number;
  /** The timestamp written into the file (tests pass a fixed one). */
  now?: () => Date;
}

interface RelationRow extends Row {
  oid: number;
  schema: string;
  name: string;
  relkind: string;
  ispartition: boolean;
  parent: string | null;
  reltuples: number;
  live: number | null;
  heap: string;
  total: string;
  indexes: string;
}

interface IndexRow extends Row {
  tableoid: number;
  schema: string;
  name: string;
  bytes: string;
}

interface LeafRow extends Row {
  root: number;
  leaf: number;
}

interface CounterRow extends Row {
  oid: number;
  ins: string;
  upd: string;
  del: string;
}

// reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+; 0 before): then the
// live tuple count of the statistics collector.
const RELATIONS = `
SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.relispartition AS ispartition,
       (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
         WHERE i.inhrelid = c.oid AND c.relispartition LIMIT 1) AS parent,
       c.reltuples::float8 AS reltuples, s.n_live_tup::float8 AS live,
       pg_table_size(c.oid)::text AS heap, pg_total_relation_size(c.oid)::text AS total, pg_indexes_size(c.oid)::text AS indexes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
 WHERE c.relkind IN ('r', 'p', 'm')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const INDEXES = `
SELECT i.indrelid::int AS tableoid, n.nspname AS schema, c.relname AS name, pg_relation_size(c.oid)::text AS bytes
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const PARTITION_LEAVES = `
SELECT c.oid::int AS root, t.relid::int AS leaf
  FROM pg_class c, LATERAL pg_partition_tree(c.oid) t
 WHERE c.relkind = 'p' AND t.isleaf`;

const COUNTERS = 'SELECT relid::int AS oid, n_tup_ins::text AS ins, n_tup_upd::text AS upd, n_tup_del::text AS del FROM pg_stat_all_tables';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rounded to 2 significant digits: rates move between runs, and a committed file should not churn on noise. */
function rate(delta: number, seconds: number): number {
  if (seconds <= 0 || delta <= 0) return 0;
  return Number((delta / seconds).toPrecision(2));
}

async function counters(db: Queryable): Promise<Map<number, [number, number, number]>> {
  const rows = await db.query<CounterRow>(COUNTERS);
  return new Map(rows.map((r) => [r.oid, [Number(r.ins), Number(r.upd), Number(r.del)]]));
}

async function writeRates(db: Queryable, sampleSeconds: number): Promise<{ rates: Map<number, WriteRates>; basis: StatsFile['activity']['basis'] }> {
  const rates = new Map<number, WriteRates>();
  const toRates = (delta: (oid: number, i: 0 | 1 | 2) => number, seconds: number, oids: Iterable<number>) => {
    for (const oid of oids) rates.set(oid, { inserts: rate(delta(oid, 0), seconds), updates: rate(delta(oid, 1), seconds), deletes: rate(delta(oid, 2), seconds) });
  };
  if (sampleSeconds > 0) {
    const first = await counters(db);
    const start = performance.now();
    await sleep(sampleSeconds * 1000);
    // The statistics views are read once per transaction (stats_fetch_consistency): read them anew.
    await db.query('SELECT pg_stat_clear_snapshot()');
    const second = await counters(db);
    const seconds = (performance.now() - start) / 1000;
    toRates((oid, i) => (second.get(oid)?.[i] ?? 0) - (first.get(oid)?.[i] ?? 0), seconds, second.keys());
    return { rates, basis: { sampleSeconds } };
  }
  // Never reset: the counters run since the server started (they survive a clean restart, so this overstates the rates' window less than it seems).
  const [since] = await db.query<{ since: string; seconds: number }>(
    `SELECT to_char(s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since, extract(epoch FROM now() - s)::float8 AS seconds
       FROM (SELECT coalesce((SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()), pg_postmaster_start_time()) AS s) r`,
  );
  const all = await counters(db);
  toRates((oid, i) => all.get(oid)?.[i] ?? 0, Number(since?.seconds ?? 0), all.keys());
  return { rates, basis: { since: String(since?.since) } };
}

export async function collectStats(db: Queryable, options: CollectOptions): Promise<StatsFile> {
  await db.exec('BEGIN READ ONLY');
  try {
    const [version] = await db.query<{ num: string; version: string }>("SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version");
    const relations = await db.query<RelationRow>(RELATIONS);
    const indexes = await db.query<IndexRow>(INDEXES);
    const leaves = await db.query<LeafRow>(PARTITION_LEAVES);
    const { rates, basis } = await writeRates(db, options.sampleSeconds);
    await db.exec('COMMIT');

    const byOid = new Map(relations.map((r) => [r.oid, r]));
    const key = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;
    const ownStats = (r: RelationRow): TableStats => ({
      kind: r.relkind === 'p' ? 'partitioned table' : r.relkind === 'm' ? 'materialized view' : r.ispartition ? 'partition' : 'table',
      ...(r.parent ? { parent: r.parent } : {}),
      rows: Math.round(r.reltuples >= 0 ? r.reltuples : (r.live ?? 0)),
      heapBytes: Number(r.heap),
      indexBytes: Number(r.indexes),
      totalBytes: Number(r.total),
      indexes: Object.fromEntries(indexes.filter((i) => i.tableoid === r.oid).map((i) => [key(i), Number(i.bytes)])),
    });
    const tables: Record<string, TableStats> = {};
    const writes: Record<string, WriteRates> = {};
    for (const r of relations) {
      tables[key(r)] = ownStats(r);
      const own = rates.get(r.oid);
      if (own && (own.inserts > 0 || own.updates > 0 || own.deletes > 0)) writes[key(r)] = own;
    }
    // A partitioned table holds no rows itself: its figures are its leaf partitions' sums.
    for (const r of relations.filter((x) => x.relkind === 'p')) {
      const parts = leaves.filter((l) => l.root === r.oid).map((l) => byOid.get(l.leaf)).filter((p): p is RelationRow => p !== undefined);
      const sums = parts.map(ownStats);
      const total = (field: 'rows' | 'heapBytes' | 'indexBytes' | 'totalBytes') => sums.reduce((n, s) => n + s[field], 0);
      tables[key(r)] = {
        ...tables[key(r)]!,
        rows: total('rows'),
        heapBytes: total('heapBytes'),
        indexBytes: tables[key(r)]!.indexBytes + total('indexBytes'),
        totalBytes: tables[key(r)]!.totalBytes + total('totalBytes'),
        partitions: parts.map(key).sort(),
      };
    }
    return {
      format: STATS_FORMAT,
      server: { version: String(version?.version ?? '?').split(' ')[0]!, major: Math.floor(Number(version?.num) / 10000) },
      tables,
      activity: { collectedAt: (options.now?.() ?? new Date()).toISOString(), basis, writesPerSecond: writes },
    };
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
