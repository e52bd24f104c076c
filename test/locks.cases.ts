// The statements the lock table is proven on, against a real server: a setup schema, and per
// statement what the table cannot know from the text alone (documented, asserted too).
import type { LockMode } from '../src/facts/locks.js';

/** Drops what SETUP makes (PGlite and the server both start from an empty public schema). */
export const RESET = 'DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS archive CASCADE; CREATE SCHEMA public;';

export const SETUP = `
CREATE SCHEMA archive;
CREATE TABLE parent (id bigint PRIMARY KEY);
INSERT INTO parent SELECT g FROM generate_series(1, 10) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, note varchar(20), amount numeric(10,2), flag boolean);
INSERT INTO orders SELECT g, g % 5, 'new', 'n', g, true FROM generate_series(1, 50) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE UNIQUE INDEX orders_note_uidx ON orders (id, note);
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0) NOT VALID;
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint);
INSERT INTO child SELECT g, g FROM generate_series(1, 10) g;
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
CREATE TABLE scratch (id int);
INSERT INTO scratch VALUES (1), (2);
CREATE TABLE scratch_child () INHERITS (scratch);
CREATE UNLOGGED TABLE scratch_unlogged (id int);
CREATE TABLE loose (id int);
CREATE RULE scratch_rule AS ON INSERT TO scratch DO ALSO NOTIFY scratch_inserted;
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 (id bigint, at timestamptz);
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_totals_customer_idx ON order_totals (customer_id);
CREATE VIEW order_view AS SELECT id, status FROM orders;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE FUNCTION noop_trigger() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER orders_noop BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION noop_trigger();
`;

/** Where a case cannot run: the tablespace needs a directory the server owns. */
export const TABLESPACE = 'ml_lock_space';

export interface LockCase {
  sql: string;
  /** Locks the server takes that the statement's text cannot show (a catalog would), by relation name. */
  beyondText?: Record<string, LockMode>;
  /** What a conditional rewrite claim ('unless-…', 'if-…') does in this case. */
  rewrites?: boolean;
  /** The relfilenode changes although nothing is copied (TRUNCATE swaps in an empty file). */
  newEmptyFile?: boolean;
  /**
   * Cannot run in a transaction block: run on a second connection while a third holds `mode` on
   * `blocker`; the locks it holds or waits for at that moment are compared.
   */
  concurrent?: { blocker: string; mode: LockMode };
  /** Runs only on the Debian server: why. */
  pgOnly?: string;
}

export const CASES: LockCase[] = [
  // Indexes
  { sql: 'CREATE INDEX orders_customer_idx ON orders (customer_id)' },
  { sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)', concurrent: { blocker: 'orders', mode: 'ROW EXCLUSIVE' } },
  { sql: 'DROP INDEX orders_status_idx' },
  { sql: 'DROP INDEX CONCURRENTLY orders_status_idx', concurrent: { blocker: 'orders', mode: 'ROW EXCLUSIVE' } },
  { sql: 'REINDEX INDEX orders_status_idx' },
  { sql: 'REINDEX TABLE orders' },
  { sql: 'REINDEX INDEX CONCURRENTLY orders_status_idx', concurrent: { blocker: 'orders', mode: 'ROW EXCLUSIVE' } },
  { sql: 'REINDEX TABLE CONCURRENTLY orders', concurrent: { blocker: 'orders', mode: 'ROW EXCLUSIVE' } },
  { sql: 'ALTER INDEX orders_status_idx RENAME TO orders_state_idx' },
  { sql: 'ALTER INDEX orders_status_idx SET (fillfactor = 80)' },
  { sql: `ALTER INDEX orders_status_idx SET TABLESPACE ${TABLESPACE}`, rewrites: true, pgOnly: 'CREATE TABLESPACE needs a directory the server owns; PGlite has none' },
  // ALTER TABLE: columns
  { sql: 'ALTER TABLE orders ADD COLUMN c1 text' },
  { sql: "ALTER TABLE orders ADD COLUMN c2 text NOT NULL DEFAULT 'x'" },
  { sql: 'ALTER TABLE orders ADD COLUMN c3 timestamptz DEFAULT now()' },
  { sql: 'ALTER TABLE orders ADD COLUMN c4 uuid DEFAULT gen_random_uuid()' },
  { sql: 'ALTER TABLE orders ADD COLUMN c5 bigserial' },
  { sql: 'ALTER TABLE orders ADD COLUMN c6 int GENERATED ALWAYS AS (id * 2) STORED' },
  { sql: 'ALTER TABLE orders ADD COLUMN c7 int GENERATED ALWAYS AS IDENTITY' },
  { sql: 'ALTER TABLE orders ADD COLUMN c8 bigint REFERENCES parent (id)' },
  { sql: 'ALTER TABLE orders ADD COLUMN c9 int CHECK (c9 > 0)' },
  { sql: 'ALTER TABLE orders DROP COLUMN note' },
  { sql: 'ALTER TABLE orders ALTER COLUMN note TYPE text', rewrites: false },
  { sql: 'ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2)', rewrites: false },
  { sql: 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(10)', rewrites: true },
  { sql: 'ALTER TABLE orders ALTER COLUMN amount TYPE bigint', rewrites: true },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL' },
  { sql: 'ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL' },
  { sql: "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'" },
  { sql: 'ALTER TABLE orders ALTER COLUMN status DROP DEFAULT' },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500' },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET (n_distinct = 100)' },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET STORAGE EXTERNAL' },
  { sql: 'ALTER TABLE orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY' },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET STATISTICS 100, ALTER COLUMN customer_id SET NOT NULL' },
  // ALTER TABLE: constraints
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0)' },
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0) NOT VALID' },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id)' },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID' },
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_key UNIQUE (customer_id, id)' },
  // The primary key's NOT NULL recurses into the inheritance child.
  { sql: 'ALTER TABLE scratch ADD PRIMARY KEY (id)', beyondText: { scratch_child: 'ACCESS EXCLUSIVE' } },
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_excl EXCLUDE USING btree (id WITH =)' },
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE USING INDEX orders_note_uidx' },
  { sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check' },
  // Only a catalog knows child_parent_fk is a foreign key: validating it reads parent FOR KEY SHARE,
  // dropping it drops its triggers on parent.
  { sql: 'ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk', beyondText: { parent: 'ROW SHARE' } },
  { sql: 'ALTER TABLE orders DROP CONSTRAINT orders_amount_check' },
  { sql: 'ALTER TABLE child DROP CONSTRAINT child_parent_fk', beyondText: { parent: 'ACCESS EXCLUSIVE' } },
  { sql: 'ALTER TABLE child ALTER CONSTRAINT child_parent_fk DEFERRABLE' },
  { sql: 'ALTER TABLE orders RENAME CONSTRAINT orders_amount_check TO orders_amount_ck' },
  // ALTER TABLE: partitions, inheritance
  { sql: "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" },
  { sql: 'ALTER TABLE events DETACH PARTITION events_2024' },
  { sql: 'ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY', concurrent: { blocker: 'events_2024', mode: 'ACCESS SHARE' } },
  { sql: 'ALTER TABLE scratch_child NO INHERIT scratch' },
  { sql: 'ALTER TABLE loose INHERIT scratch' },
  // ALTER TABLE: storage, ownership, triggers, rules
  { sql: 'ALTER TABLE orders SET UNLOGGED', rewrites: true },
  { sql: 'ALTER TABLE scratch_unlogged SET LOGGED', rewrites: true },
  { sql: 'ALTER TABLE orders SET LOGGED', rewrites: false },
  { sql: 'ALTER TABLE orders SET ACCESS METHOD heap', rewrites: false },
  { sql: `ALTER TABLE orders SET TABLESPACE ${TABLESPACE}`, rewrites: true, pgOnly: 'CREATE TABLESPACE needs a directory the server owns; PGlite has none' },
  { sql: 'ALTER TABLE orders SET (fillfactor = 70)' },
  { sql: 'ALTER TABLE orders SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)' },
  { sql: 'ALTER TABLE orders RESET (fillfactor)' },
  { sql: 'ALTER TABLE orders SET (user_catalog_table = false)' },
  { sql: 'ALTER TABLE orders CLUSTER ON orders_pkey' },
  { sql: 'ALTER TABLE orders SET WITHOUT CLUSTER' },
  { sql: 'ALTER TABLE orders DISABLE TRIGGER orders_noop' },
  { sql: 'ALTER TABLE orders ENABLE TRIGGER ALL' },
  { sql: 'ALTER TABLE scratch DISABLE RULE scratch_rule' },
  { sql: 'ALTER TABLE orders OWNER TO CURRENT_USER' },
  { sql: 'ALTER TABLE orders REPLICA IDENTITY FULL' },
  { sql: 'ALTER TABLE orders ENABLE ROW LEVEL SECURITY' },
  { sql: 'ALTER MATERIALIZED VIEW order_totals SET (fillfactor = 50)' },
  // Renames, schemas
  { sql: 'ALTER TABLE orders RENAME TO orders2' },
  { sql: 'ALTER TABLE orders RENAME COLUMN note TO memo' },
  { sql: 'ALTER VIEW order_view RENAME TO order_view2' },
  { sql: 'ALTER TRIGGER orders_noop ON orders RENAME TO orders_noop2' },
  { sql: 'ALTER TABLE scratch SET SCHEMA archive' },
  // CREATE / DROP
  { sql: 'CREATE TABLE t2 (id bigint REFERENCES parent (id))' },
  { sql: 'CREATE TABLE t3 (id bigint, pid bigint, FOREIGN KEY (pid) REFERENCES parent)' },
  { sql: "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" },
  { sql: 'CREATE TABLE t4 () INHERITS (scratch)' },
  { sql: 'CREATE TABLE t5 (LIKE orders)' },
  { sql: 'DROP TABLE scratch_unlogged' },
  // child's foreign key has triggers on parent: dropping child drops them.
  { sql: 'DROP TABLE child', beyondText: { parent: 'ACCESS EXCLUSIVE' } },
  { sql: 'DROP VIEW order_view' },
  { sql: 'DROP MATERIALIZED VIEW order_totals' },
  { sql: 'TRUNCATE scratch_unlogged', newEmptyFile: true },
  { sql: 'CREATE TRIGGER orders_noop2 BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION noop_trigger()' },
  { sql: 'DROP TRIGGER orders_noop ON orders' },
  { sql: 'CREATE POLICY orders_all ON orders USING (true)' },
  { sql: 'CREATE RULE orders_rule AS ON DELETE TO orders DO ALSO NOTIFY orders_deleted' },
  { sql: 'CREATE STATISTICS orders_stats ON customer_id, status FROM orders' },
  // Maintenance
  { sql: 'VACUUM orders', concurrent: { blocker: 'orders', mode: 'SHARE' } },
  { sql: 'VACUUM FULL orders', concurrent: { blocker: 'orders', mode: 'ACCESS SHARE' } },
  { sql: 'ANALYZE orders' },
  { sql: 'CLUSTER orders USING orders_pkey' },
  { sql: 'REFRESH MATERIALIZED VIEW order_totals' },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals' },
  // Comments, privileges, types
  { sql: "COMMENT ON TABLE orders IS 'x'" },
  { sql: "COMMENT ON COLUMN orders.status IS 'x'" },
  { sql: "COMMENT ON INDEX orders_status_idx IS 'x'" },
  { sql: 'GRANT SELECT ON orders TO PUBLIC' },
  { sql: "ALTER TYPE mood ADD VALUE 'meh'" },
  // DML and explicit locks
  { sql: "UPDATE orders SET status = 'x' WHERE id = 1" },
  { sql: 'DELETE FROM orders WHERE id = 1' },
  { sql: 'INSERT INTO orders (id) VALUES (100)' },
  { sql: 'INSERT INTO scratch SELECT id FROM orders' },
  { sql: "UPDATE orders SET status = 'y' FROM parent WHERE parent.id = orders.customer_id" },
  { sql: 'SELECT * FROM orders JOIN parent ON parent.id = orders.customer_id FOR UPDATE OF orders' },
  { sql: 'LOCK TABLE orders IN SHARE MODE' },
  { sql: 'LOCK TABLE orders' },
];
