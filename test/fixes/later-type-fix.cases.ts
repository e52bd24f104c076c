// Type fixes that a LATER migration of the set breaks: the first migration alone is fine with the
// fix, the later one then fails on PostgreSQL 15 with `sqlstate` (later-type-fix.pg.test.ts), while
// the original pair applies. migrationlint at fddea33 offered each fix; it is withheld now.
export interface LaterCase {
  name: string;
  rule: 'prefer-bigint-over-int' | 'prefer-timestamptz' | 'prefer-text-field';
  /** migrations/001_first.sql */
  first: string;
  /** What the old fix made of `first`. */
  fixed: string;
  /** migrations/002_later.sql */
  later: string;
  /** Where the finding is in `first` (line:column). */
  at: string;
  /** The reason the notice gives, after "would break migrations/002_later.sql: ". */
  reason: string;
  sqlstate: string;
}

export const LATER_CASES: LaterCase[] = [
  {
    name: 'a later migration ATTACHes the table as a partition of an int parent',
    rule: 'prefer-bigint-over-int',
    first: 'CREATE TABLE events_1 (id int NOT NULL);\n',
    fixed: 'CREATE TABLE events_1 (id bigint NOT NULL);\n',
    later: 'CREATE TABLE events (id int NOT NULL) PARTITION BY RANGE (id);\nALTER TABLE events ATTACH PARTITION events_1 FOR VALUES FROM (0) TO (10);\n',
    at: '1:27',
    reason: "it attaches public.events_1 to a partitioned table or a partition to it, and a partition must have its parent's column types",
    sqlstate: '42804',
  },
  {
    name: 'a later migration creates a table that INHERITS from it with the old type',
    rule: 'prefer-text-field',
    first: 'CREATE TABLE codes (code varchar(8));\n',
    fixed: 'CREATE TABLE codes (code text);\n',
    later: 'CREATE TABLE codes_archived (code varchar(8)) INHERITS (codes);\n',
    at: '1:26',
    reason: "it puts public.codes in an inheritance tree, and a child must have its parent's column types",
    sqlstate: '42804',
  },
  {
    name: 'a later migration makes it INHERIT from a table with the old type, after renaming it',
    rule: 'prefer-bigint-over-int',
    first: 'CREATE TABLE ledger (n int);\n',
    fixed: 'CREATE TABLE ledger (n bigint);\n',
    later: 'ALTER TABLE ledger RENAME TO ledger_2024;\nCREATE TABLE ledgers (n int);\nALTER TABLE ledger_2024 INHERIT ledgers;\n',
    at: '1:24',
    reason: "it puts public.ledger_2024 in an inheritance tree, and a child must have its parent's column types",
    sqlstate: '42804',
  },
  {
    name: 'a later migration builds an expression index over the column',
    rule: 'prefer-timestamptz',
    first: 'CREATE TABLE visits (id bigint, at timestamp);\n',
    fixed: 'CREATE TABLE visits (id bigint, at timestamptz);\n',
    later: 'CREATE INDEX visits_day_idx ON visits ((at::date));\n',
    at: '1:36',
    reason: 'an index expression reads public.visits.at, and with timestamptz its casts depend on TimeZone: not immutable',
    sqlstate: '42P17',
  },
  {
    name: 'a later migration adds a generated column over the column',
    rule: 'prefer-timestamptz',
    first: 'CREATE TABLE visits (id bigint, at timestamp);\n',
    fixed: 'CREATE TABLE visits (id bigint, at timestamptz);\n',
    later: 'ALTER TABLE visits ADD COLUMN day date GENERATED ALWAYS AS (at::date) STORED;\n',
    at: '1:36',
    reason: 'a generated column reads public.visits.at, and with timestamptz its casts depend on TimeZone: not immutable',
    sqlstate: '42P17',
  },
  {
    name: 'a later migration indexes the column through a function of the old type',
    rule: 'prefer-bigint-over-int',
    first: 'CREATE TABLE counters (id bigint, n int);\n',
    fixed: 'CREATE TABLE counters (id bigint, n bigint);\n',
    later: 'CREATE FUNCTION bucket(int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT $1 / 10 $$;\nCREATE INDEX counters_bucket_idx ON counters (bucket(n));\n',
    at: '1:37',
    reason: 'an index expression reads public.counters.n as its current type',
    sqlstate: '42883',
  },
  {
    name: 'a later migration builds a partial index whose predicate casts the column',
    rule: 'prefer-timestamptz',
    first: 'CREATE TABLE visits (id bigint, at timestamp);\n',
    fixed: 'CREATE TABLE visits (id bigint, at timestamptz);\n',
    later: "CREATE INDEX visits_recent_idx ON visits (id) WHERE at::date > '2024-01-01';\n",
    at: '1:36',
    reason: 'an index predicate reads public.visits.at, and with timestamptz its casts depend on TimeZone: not immutable',
    sqlstate: '42P17',
  },
  {
    name: 'the column is renamed later in the same migration, then a later migration indexes it by its new name through a function of the old type',
    rule: 'prefer-bigint-over-int',
    first: 'CREATE TABLE counters (id bigint, n int);\nALTER TABLE counters RENAME COLUMN n TO hits;\n',
    fixed: 'CREATE TABLE counters (id bigint, n bigint);\nALTER TABLE counters RENAME COLUMN n TO hits;\n',
    later: 'CREATE FUNCTION bucket(int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT $1 / 10 $$;\nCREATE INDEX counters_bucket_idx ON counters (bucket(hits));\n',
    at: '1:37',
    reason: 'an index expression reads public.counters.hits as its current type',
    sqlstate: '42883',
  },
  {
    name: 'the table is renamed later in the same migration, then a later migration ATTACHes it by its new name to an int parent',
    rule: 'prefer-bigint-over-int',
    first: 'CREATE TABLE events_1 (id int NOT NULL);\nALTER TABLE events_1 RENAME TO events_2024;\n',
    fixed: 'CREATE TABLE events_1 (id bigint NOT NULL);\nALTER TABLE events_1 RENAME TO events_2024;\n',
    later: 'CREATE TABLE events (id int NOT NULL) PARTITION BY RANGE (id);\nALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM (0) TO (10);\n',
    at: '1:27',
    reason: "it attaches public.events_2024 to a partitioned table or a partition to it, and a partition must have its parent's column types",
    sqlstate: '42804',
  },
];

/** Later migrations that leave the fix safe: another column, a table dropped before the attach, a predicate any type keeps immutable. */
export const SAFE_LATER: { name: string; first: string; later: string }[] = [
  { name: 'an expression index over another column', first: 'CREATE TABLE visits (id bigint, at timestamp);\n', later: 'CREATE INDEX visits_bucket_idx ON visits ((id % 10));\n' },
  {
    name: 'the table dropped and made again before the attach',
    first: 'CREATE TABLE events_1 (id int NOT NULL);\n',
    later: 'DROP TABLE events_1;\nCREATE TABLE events (id bigint NOT NULL) PARTITION BY RANGE (id);\nCREATE TABLE events_1 (id bigint NOT NULL);\nALTER TABLE events ATTACH PARTITION events_1 FOR VALUES FROM (0) TO (10);\n',
  },
  {
    name: 'a partial index testing the column for NULL and against a literal',
    first: 'CREATE TABLE visits (id bigint, at timestamp);\n',
    later: "CREATE INDEX visits_open_idx ON visits (id) WHERE at IS NULL OR at > '2024-01-01';\n",
  },
  {
    name: 'an expression index using the column only as an array subscript',
    first: 'CREATE TABLE objects (id bigint, level int, tokens text[]);\n',
    later: 'CREATE INDEX objects_token_idx ON objects ((tokens[level]), (tokens[1:level]));\n',
  },
  {
    // The first column n is renamed away (and its fix withheld, as indexed by the later migration
    // under its new name); the rename came before the second n, whose fix stays.
    name: 'a column added under a name renamed away earlier in the same migration',
    first: 'CREATE TABLE counters (id bigint, n int);\nALTER TABLE counters RENAME COLUMN n TO old_n;\nALTER TABLE counters ADD COLUMN n int;\n',
    later: 'CREATE FUNCTION bucket(int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT $1 / 10 $$;\nCREATE INDEX counters_bucket_idx ON counters (bucket(old_n));\n',
  },
];
