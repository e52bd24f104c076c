// Statements that need a given major, each with the setup it runs after (valid on 14–18). The
// servers of each major decide (test/versions/versions.pg.test.ts); unsupported-syntax must agree.
export interface FloorCase {
  name: string;
  /** The major the statement first runs on (per the release notes). */
  since: number;
  setup: string[];
  sql: string;
}

const table = ['CREATE TABLE t (a int)', 'INSERT INTO t VALUES (1), (2)'];
const mergeSource = [...table, 'CREATE TABLE s (a int)', 'INSERT INTO s VALUES (2), (3)'];

export const FLOOR_CASES: FloorCase[] = [
  { name: 'generated column STORED', since: 12, setup: table, sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) STORED' },
  { name: 'REINDEX … CONCURRENTLY', since: 12, setup: [...table, 'CREATE INDEX t_a ON t (a)'], sql: 'REINDEX INDEX CONCURRENTLY t_a' },
  {
    name: 'DETACH PARTITION … CONCURRENTLY',
    since: 14,
    setup: ['CREATE TABLE p (a int) PARTITION BY RANGE (a)', 'CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)'],
    sql: 'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY',
  },
  { name: 'column COMPRESSION', since: 14, setup: [], sql: 'CREATE TABLE c (doc text COMPRESSION pglz)' },
  {
    name: 'CREATE OR REPLACE TRIGGER',
    since: 14,
    setup: [...table, 'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$'],
    sql: 'CREATE OR REPLACE TRIGGER t_f BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
  },
  { name: 'MERGE', since: 15, setup: mergeSource, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.a)' },
  { name: 'UNIQUE … NULLS NOT DISTINCT', since: 15, setup: table, sql: 'CREATE UNIQUE INDEX t_a_u ON t (a) NULLS NOT DISTINCT' },
  { name: 'SET ACCESS METHOD', since: 15, setup: table, sql: 'ALTER TABLE t SET ACCESS METHOD heap' },
  { name: 'MERGE … RETURNING', since: 17, setup: mergeSource, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING t.a' },
  { name: 'MERGE … WHEN NOT MATCHED BY SOURCE', since: 17, setup: mergeSource, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN NOT MATCHED BY SOURCE THEN DELETE' },
  { name: 'merge_action()', since: 17, setup: mergeSource, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING merge_action()' },
  {
    name: 'ALTER COLUMN … SET EXPRESSION',
    since: 17,
    setup: ['CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)'],
    sql: 'ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3)',
  },
  { name: 'SET transaction_timeout', since: 17, setup: [], sql: "SET transaction_timeout = '10s'" },
  { name: "set_config('transaction_timeout')", since: 17, setup: [], sql: "SELECT set_config('transaction_timeout', '10s', false)" },
  { name: 'ADD CONSTRAINT … NOT NULL column', since: 18, setup: table, sql: 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a' },
  { name: 'ADD CONSTRAINT … NOT NULL column NOT VALID', since: 18, setup: table, sql: 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID' },
  { name: 'virtual generated column (no STORED)', since: 18, setup: table, sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2)' },
  { name: 'generated column … VIRTUAL', since: 18, setup: table, sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) VIRTUAL' },
  { name: 'CHECK … NOT ENFORCED', since: 18, setup: table, sql: 'ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT ENFORCED' },
  {
    name: 'FOREIGN KEY … NOT ENFORCED',
    since: 18,
    setup: [...table, 'CREATE TABLE u (id int PRIMARY KEY)'],
    sql: 'ALTER TABLE t ADD CONSTRAINT t_a_fk FOREIGN KEY (a) REFERENCES u (id) NOT ENFORCED',
  },
  { name: 'PRIMARY KEY (… WITHOUT OVERLAPS)', since: 18, setup: [], sql: 'CREATE TABLE tp (id int4range, valid tstzrange, PRIMARY KEY (id, valid WITHOUT OVERLAPS))' },
  {
    name: 'FOREIGN KEY (… PERIOD …)',
    since: 18,
    setup: [],
    sql: 'CREATE TABLE tp (id int4range, valid tstzrange, parent int4range, PRIMARY KEY (id, valid WITHOUT OVERLAPS), FOREIGN KEY (parent, PERIOD valid) REFERENCES tp (id, PERIOD valid))',
  },
  { name: 'OLD / NEW in RETURNING', since: 18, setup: table, sql: 'UPDATE t SET a = a + 1 RETURNING old.a, new.a' },
  { name: 'RETURNING WITH (OLD AS o)', since: 18, setup: table, sql: 'DELETE FROM t RETURNING WITH (OLD AS o) o.a' },
  { name: 'uuidv7()', since: 18, setup: [], sql: 'SELECT uuidv7()' },
  { name: 'uuidv4()', since: 18, setup: [], sql: 'SELECT uuidv4()' },
];
