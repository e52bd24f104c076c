// Fixes migrationlint used to offer that PostgreSQL 15 refuses: each with the schema its
// earlier migration built (`setup`), the migration, the text the old fix made of it, and the
// SQLSTATE PostgreSQL answers the fixed text with. The fix is now withheld.
export interface WithheldFix {
  name: string;
  rule: string;
  setup: string;
  migration: string;
  /** What the old fix made of `migration`. */
  fixed: string;
  sqlstate: string;
}

const PARTITIONED = 'CREATE TABLE events (id int NOT NULL, at timestamptz) PARTITION BY RANGE (id);';
const EXCLUSION = 'CREATE TABLE booking (room int, during int4range, CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));';

export const WITHHELD_FIXES: WithheldFix[] = [
  {
    name: 'CREATE INDEX CONCURRENTLY on a partitioned table',
    rule: 'require-concurrent-index-creation',
    setup: PARTITIONED,
    migration: 'CREATE INDEX events_at_idx ON events (at);',
    fixed: 'CREATE INDEX CONCURRENTLY events_at_idx ON events (at);',
    sqlstate: '0A000',
  },
  {
    name: 'DROP INDEX CONCURRENTLY of a partitioned table’s index',
    rule: 'require-concurrent-index-deletion',
    setup: `${PARTITIONED}\nCREATE INDEX events_at_idx ON events (at);`,
    migration: 'DROP INDEX events_at_idx;',
    fixed: 'DROP INDEX CONCURRENTLY events_at_idx;',
    sqlstate: '0A000',
  },
  {
    name: 'DETACH PARTITION … CONCURRENTLY when the table has a default partition',
    rule: 'require-concurrent-partition-detach',
    setup: `${PARTITIONED}\nCREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (10);\nCREATE TABLE events_other PARTITION OF events DEFAULT;`,
    migration: 'ALTER TABLE events DETACH PARTITION events_1;',
    fixed: 'ALTER TABLE events DETACH PARTITION events_1 CONCURRENTLY;',
    sqlstate: '55000',
  },
  {
    name: 'REINDEX INDEX CONCURRENTLY of an exclusion constraint’s index',
    rule: 'require-concurrent-reindex',
    setup: EXCLUSION,
    migration: 'REINDEX INDEX booking_no_overlap;',
    fixed: 'REINDEX INDEX CONCURRENTLY booking_no_overlap;',
    sqlstate: '0A000',
  },
  {
    name: 'REINDEX TABLE CONCURRENTLY of a system catalog',
    rule: 'require-concurrent-reindex',
    setup: 'CREATE TABLE unrelated (id bigint);',
    migration: 'REINDEX TABLE pg_catalog.pg_class;',
    fixed: 'REINDEX TABLE CONCURRENTLY pg_catalog.pg_class;',
    sqlstate: '0A000',
  },
  {
    name: 'REFRESH MATERIALIZED VIEW CONCURRENTLY when the only unique index is on an expression',
    rule: 'require-concurrent-refresh',
    setup: 'CREATE TABLE t (a text);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;\nCREATE UNIQUE INDEX mv_lower_idx ON mv (lower(a));',
    migration: 'REFRESH MATERIALIZED VIEW mv;',
    fixed: 'REFRESH MATERIALIZED VIEW CONCURRENTLY mv;',
    sqlstate: '55000',
  },
  {
    name: 'NOT VALID foreign key on a partitioned table (before PostgreSQL 18)',
    rule: 'adding-foreign-key-constraint',
    setup: `CREATE TABLE customers (id bigint PRIMARY KEY);\n${PARTITIONED}\nALTER TABLE events ADD COLUMN customer_id bigint;`,
    migration: 'ALTER TABLE events ADD CONSTRAINT events_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    fixed: 'ALTER TABLE events ADD CONSTRAINT events_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    sqlstate: '42809',
  },
  {
    name: 'bigint on a table later attached as a partition of an int parent',
    rule: 'prefer-bigint-over-int',
    setup: PARTITIONED,
    migration: 'CREATE TABLE events_1 (id int NOT NULL, at timestamptz);\nALTER TABLE events ATTACH PARTITION events_1 FOR VALUES FROM (0) TO (10);',
    fixed: 'CREATE TABLE events_1 (id bigint NOT NULL, at timestamptz);\nALTER TABLE events ATTACH PARTITION events_1 FOR VALUES FROM (0) TO (10);',
    sqlstate: '42804',
  },
  {
    name: 'bigint on a child table of an int parent (INHERITS)',
    rule: 'prefer-bigint-over-int',
    setup: 'CREATE TABLE parent (id bigint, n int);',
    migration: 'CREATE TABLE child (n int) INHERITS (parent);',
    fixed: 'CREATE TABLE child (n bigint) INHERITS (parent);',
    sqlstate: '42804',
  },
  {
    name: 'text on a table later attached as a partition of a varchar(8) parent',
    rule: 'prefer-text-field',
    setup: 'CREATE TABLE codes (code varchar(8)) PARTITION BY LIST (code);',
    migration: 'CREATE TABLE codes_rest (code varchar(8));\nALTER TABLE codes ATTACH PARTITION codes_rest DEFAULT;',
    fixed: 'CREATE TABLE codes_rest (code text);\nALTER TABLE codes ATTACH PARTITION codes_rest DEFAULT;',
    sqlstate: '42804',
  },
  {
    name: 'timestamptz on a column a generated column reads (the cast is no longer immutable)',
    rule: 'prefer-timestamptz',
    setup: 'CREATE TABLE unrelated (id bigint);',
    migration: 'CREATE TABLE visits (at timestamp, day date GENERATED ALWAYS AS (at::date) STORED);',
    fixed: 'CREATE TABLE visits (at timestamptz, day date GENERATED ALWAYS AS (at::date) STORED);',
    sqlstate: '42P17',
  },
  {
    name: 'timestamptz on a column a later expression index reads',
    rule: 'prefer-timestamptz',
    setup: 'CREATE TABLE unrelated (id bigint);',
    migration: 'CREATE TABLE visits (at timestamp);\nCREATE INDEX visits_day_idx ON visits ((at::date));',
    fixed: 'CREATE TABLE visits (at timestamptz);\nCREATE INDEX visits_day_idx ON visits ((at::date));',
    sqlstate: '42P17',
  },
];
