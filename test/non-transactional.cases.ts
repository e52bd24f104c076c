// Every statement PostgreSQL refuses inside a transaction block, as the transaction model knows
// it: the words of PostgreSQL's own 25001 message, the setup a real server needs to get that
// far, and what running it outside a transaction does on a throwaway server (`u` makes global
// object names unique per case; {database} stands for the current database, {tablespaceDir}
// for an empty directory the server may use).

export interface NonTransactionalCase {
  /** The statement (no trailing semicolon). */
  sql: (u: string) => string;
  /** PostgreSQL's words: "<words> cannot run inside a transaction block". */
  words: string;
  /** Run by a superuser in the case's database first. */
  setup?: (u: string) => string[];
  /** Outside a transaction the statement fails for another reason (no publisher to reach …): that SQLSTATE. */
  failsOutsideWith?: string;
  /** Only refused on these PostgreSQL majors (the real-server test runs on 15). */
  pgVersions?: { min?: number; max?: number };
}

const TABLE = ['CREATE TABLE t (a int)', 'CREATE INDEX t_a_idx ON t (a)'];
/** A subscription whose publisher (port 1) cannot be reached; connect = false keeps its slot name. */
const SUBSCRIPTION = (enabled: boolean) => [
  "CREATE PUBLICATION pub_a FOR ALL TABLES",
  "CREATE SUBSCRIPTION sub CONNECTION 'host=127.0.0.1 port=1 dbname=x connect_timeout=1' PUBLICATION pub_a WITH (connect = false)",
  ...(enabled ? ['ALTER SUBSCRIPTION sub ENABLE'] : []),
];
const UNREACHABLE_PUBLISHER = '08006';

export const NON_TRANSACTIONAL_CASES: NonTransactionalCase[] = [
  { sql: () => 'CREATE INDEX CONCURRENTLY t_b_idx ON t (a)', words: 'CREATE INDEX CONCURRENTLY', setup: () => TABLE },
  { sql: () => 'DROP INDEX CONCURRENTLY t_a_idx', words: 'DROP INDEX CONCURRENTLY', setup: () => TABLE },
  { sql: () => 'REINDEX INDEX CONCURRENTLY t_a_idx', words: 'REINDEX CONCURRENTLY', setup: () => TABLE },
  { sql: () => 'REINDEX SCHEMA public', words: 'REINDEX SCHEMA', setup: () => TABLE },
  { sql: () => 'REINDEX SYSTEM {database}', words: 'REINDEX SYSTEM' },
  { sql: () => 'REINDEX DATABASE {database}', words: 'REINDEX DATABASE' },
  { sql: () => 'VACUUM t', words: 'VACUUM', setup: () => TABLE },
  { sql: () => 'VACUUM (ANALYZE) t', words: 'VACUUM', setup: () => TABLE },
  { sql: () => 'CLUSTER', words: 'CLUSTER' },
  { sql: (u) => `CREATE DATABASE created_${u}`, words: 'CREATE DATABASE' },
  { sql: (u) => `DROP DATABASE dropped_${u}`, words: 'DROP DATABASE', setup: (u) => [`CREATE DATABASE dropped_${u}`] },
  {
    sql: (u) => `ALTER DATABASE moved_${u} SET TABLESPACE space_${u}`,
    words: 'ALTER DATABASE SET TABLESPACE',
    setup: (u) => [`CREATE DATABASE moved_${u}`, `CREATE TABLESPACE space_${u} LOCATION '{tablespaceDir}'`],
  },
  { sql: (u) => `CREATE TABLESPACE created_${u} LOCATION '{tablespaceDir}'`, words: 'CREATE TABLESPACE' },
  { sql: (u) => `DROP TABLESPACE dropped_${u}`, words: 'DROP TABLESPACE', setup: (u) => [`CREATE TABLESPACE dropped_${u} LOCATION '{tablespaceDir}'`] },
  { sql: () => "ALTER SYSTEM SET work_mem = '8MB'", words: 'ALTER SYSTEM' },
  { sql: () => 'DISCARD ALL', words: 'DISCARD ALL' },
  {
    sql: () => 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY',
    words: 'ALTER TABLE ... DETACH CONCURRENTLY',
    setup: () => ['CREATE TABLE events (at int) PARTITION BY RANGE (at)', 'CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM (2023) TO (2024)'],
  },
  { sql: () => "COMMIT PREPARED 'none'", words: 'COMMIT PREPARED', failsOutsideWith: '42704' },
  { sql: () => "ROLLBACK PREPARED 'none'", words: 'ROLLBACK PREPARED', failsOutsideWith: '42704' },
  {
    sql: () => "CREATE SUBSCRIPTION sub CONNECTION 'host=127.0.0.1 port=1 dbname=x connect_timeout=1' PUBLICATION pub_a",
    words: 'CREATE SUBSCRIPTION ... WITH (create_slot = true)',
    failsOutsideWith: UNREACHABLE_PUBLISHER,
  },
  { sql: () => 'DROP SUBSCRIPTION sub', words: 'DROP SUBSCRIPTION', setup: () => SUBSCRIPTION(false), failsOutsideWith: UNREACHABLE_PUBLISHER },
  { sql: () => 'ALTER SUBSCRIPTION sub REFRESH PUBLICATION', words: 'ALTER SUBSCRIPTION ... REFRESH', setup: () => SUBSCRIPTION(true), failsOutsideWith: UNREACHABLE_PUBLISHER },
  { sql: () => 'ALTER SUBSCRIPTION sub SET PUBLICATION pub_a', words: 'ALTER SUBSCRIPTION with refresh', setup: () => SUBSCRIPTION(true), failsOutsideWith: UNREACHABLE_PUBLISHER },
  { sql: () => 'ALTER SUBSCRIPTION sub SET (failover = true)', words: 'ALTER SUBSCRIPTION ... SET (failover)', pgVersions: { min: 17 } },
  { sql: () => 'ALTER SUBSCRIPTION sub SET (two_phase = false)', words: 'ALTER SUBSCRIPTION ... SET (two_phase = false)', pgVersions: { min: 18 } },
  { sql: () => "ALTER TYPE mood ADD VALUE 'ok'", words: 'ALTER TYPE ... ADD', pgVersions: { max: 11 } },
];

/** Their look-alikes PostgreSQL runs in a transaction block. */
export const TRANSACTIONAL_LOOKALIKES: string[] = [
  'CREATE INDEX t_b_idx ON t (a)',
  'REINDEX INDEX t_a_idx',
  'REINDEX TABLE t',
  'ANALYZE t',
  'CLUSTER t USING t_a_idx',
  'ALTER DATABASE current_db SET search_path = app',
  'DISCARD TEMP',
  'DISCARD PLANS',
  'ALTER TABLE events DETACH PARTITION events_2023',
  "CREATE SUBSCRIPTION sub CONNECTION 'host=127.0.0.1 port=1' PUBLICATION pub_a WITH (connect = false)",
  "CREATE SUBSCRIPTION sub CONNECTION 'host=127.0.0.1 port=1' PUBLICATION pub_a WITH (create_slot = false)",
  'ALTER SUBSCRIPTION sub SET PUBLICATION pub_a WITH (refresh = false)',
  'ALTER SUBSCRIPTION sub DISABLE',
  "ALTER TYPE mood ADD VALUE 'ok'",
];
