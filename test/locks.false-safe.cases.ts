// Migrations that used to lint clean while PostgreSQL locks, rewrites or refuses them (issue 15,
// "no false safe"). Each runs after `setup` (the set's earlier migration) on a real server, and
// is linted as the next migration of that set.

export type Proof =
  /** The table's relfilenode changes (every row copied) while ACCESS EXCLUSIVE is held on it. */
  | { kind: 'rewrite'; table: string }
  /** The session holds at least this lock on the table when the migration has run (until commit). */
  | { kind: 'lock'; table: string; mode: string }
  /** PostgreSQL refuses the migration with this SQLSTATE. */
  | { kind: 'fails'; sqlstate: string };

export interface FalseSafeCase {
  name: string;
  setup: string;
  migration: string;
  /** The finding that now reports it: rule, 1-based line and column in `migration`, a message excerpt. */
  finding: { ruleId: string; line: number; column: number; message: string };
  proof: Proof;
}

const USERS = `CREATE TABLE users (id bigint PRIMARY KEY, email text, age int);
INSERT INTO users SELECT g, 'u' || g || '@example.com', g % 90 FROM generate_series(1, 2000) g;`;

const ORDERS_VIEW = (type: string) => ({
  setup: `CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(50));
INSERT INTO orders SELECT g, 'c' || g FROM generate_series(1, 100) g;
CREATE VIEW order_codes AS SELECT id, code FROM orders;`,
  migration: `ALTER TABLE orders ALTER COLUMN code TYPE ${type};`,
  finding: { ruleId: 'changing-column-type', line: 1, column: 33, message: 'fails: view order_codes reads orders.code' },
  proof: { kind: 'fails', sqlstate: '0A000' } as Proof,
});

export const FALSE_SAFE_CASES: FalseSafeCase[] = [
  {
    name: 'CREATE TABLE IF NOT EXISTS on an existing table is a no-op: ALTER COLUMN … TYPE still rewrites it',
    setup: USERS,
    migration: 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nALTER TABLE users ALTER COLUMN age TYPE bigint;',
    finding: { ruleId: 'changing-column-type', line: 2, column: 32, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
  {
    name: 'CREATE TABLE IF NOT EXISTS on an existing table: ADD COLUMN … DEFAULT gen_random_uuid() rewrites it',
    setup: USERS,
    migration: "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
    finding: { ruleId: 'adding-field-with-default', line: 2, column: 41, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
  {
    name: 'CREATE TABLE IF NOT EXISTS on an existing table: SET NOT NULL scans it under ACCESS EXCLUSIVE',
    setup: USERS,
    migration: 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    finding: { ruleId: 'adding-not-nullable-field', line: 2, column: 1, message: 'users' },
    proof: { kind: 'lock', table: 'users', mode: 'AccessExclusiveLock' },
  },
  {
    name: 'CREATE TABLE IF NOT EXISTS on an existing table: CREATE INDEX blocks its writes',
    setup: USERS,
    migration: 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nCREATE INDEX users_email_idx ON users (email);',
    finding: { ruleId: 'require-concurrent-index-creation', line: 2, column: 1, message: 'users' },
    proof: { kind: 'lock', table: 'users', mode: 'ShareLock' },
  },
  {
    name: 'CREATE TABLE archive.users does not make public.users new',
    setup: `${USERS}\nCREATE SCHEMA archive;`,
    migration: 'CREATE TABLE archive.users (id bigint);\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    finding: { ruleId: 'adding-field-with-default', line: 2, column: 41, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
  { name: 'a view reads the column: varchar(50) → text fails', ...ORDERS_VIEW('text') },
  { name: 'a view reads the column: varchar(50) → varchar fails', ...ORDERS_VIEW('varchar') },
  { name: 'a view reads the column: varchar(50) → varchar(100) fails', ...ORDERS_VIEW('varchar(100)') },
  { name: 'a view reads the column: a COLLATE "C" change fails', ...ORDERS_VIEW('varchar(50) COLLATE "C"') },
  {
    name: 'a rule reads the column: varchar(50) → text fails',
    setup: `CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(50));
CREATE TABLE order_log (code text);
CREATE RULE orders_log AS ON UPDATE TO orders WHERE NEW.code <> OLD.code DO ALSO INSERT INTO order_log VALUES (NEW.code);`,
    migration: 'ALTER TABLE orders ALTER COLUMN code TYPE text;',
    finding: { ruleId: 'changing-column-type', line: 1, column: 33, message: 'fails: rule orders_log on orders reads orders.code' },
    proof: { kind: 'fails', sqlstate: '0A000' },
  },
  {
    name: 'ADD COLUMN of a domain with a CHECK rewrites the table',
    setup: `${USERS}\nCREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%');`,
    migration: 'ALTER TABLE users ADD COLUMN contact email_address;',
    finding: { ruleId: 'adding-constrained-domain-column', line: 1, column: 30, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
  {
    name: 'a foreign key from a table the migration filled to an existing table holds SHARE ROW EXCLUSIVE on it',
    setup: `CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT g FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
INSERT INTO orders SELECT g, g % 100 + 1 FROM generate_series(1, 2000) g;`,
    migration: 'CREATE TABLE order_archive AS SELECT * FROM orders;\nALTER TABLE order_archive ADD CONSTRAINT order_archive_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    finding: { ruleId: 'adding-foreign-key-constraint', line: 2, column: 31, message: 'put into order_archive against customers' },
    proof: { kind: 'lock', table: 'customers', mode: 'ShareRowExclusiveLock' },
  },
  {
    name: 'the foreign key from the filled table checks its rows (a bad row fails the migration)',
    setup: `CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
INSERT INTO orders VALUES (1, 42);`,
    migration: 'CREATE TABLE order_archive AS SELECT * FROM orders;\nALTER TABLE order_archive ADD CONSTRAINT order_archive_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    finding: { ruleId: 'adding-foreign-key-constraint', line: 2, column: 31, message: 'put into order_archive against customers' },
    proof: { kind: 'fails', sqlstate: '23503' },
  },
  {
    name: 'TRUNCATE empties the table under ACCESS EXCLUSIVE',
    setup: USERS,
    migration: 'TRUNCATE users;',
    finding: { ruleId: 'ban-truncate', line: 1, column: 10, message: 'TRUNCATE users deletes every row' },
    proof: { kind: 'lock', table: 'users', mode: 'AccessExclusiveLock' },
  },
  {
    name: 'LOCK TABLE holds ACCESS EXCLUSIVE until commit',
    setup: USERS,
    migration: 'LOCK TABLE users;',
    finding: { ruleId: 'explicit-table-lock', line: 1, column: 12, message: 'IN ACCESS EXCLUSIVE MODE blocks reads and writes on users' },
    proof: { kind: 'lock', table: 'users', mode: 'AccessExclusiveLock' },
  },
  {
    name: 'ATTACH PARTITION without a CHECK scans the partition (a row outside the bound fails it)',
    setup: `CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2025 (id bigint, at date);
INSERT INTO events_2025 VALUES (1, '2025-03-01'), (2, '2027-01-01');`,
    migration: "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    finding: { ruleId: 'attach-partition-without-check', line: 1, column: 37, message: 'scans every row of events_2025' },
    proof: { kind: 'fails', sqlstate: '23514' },
  },
  {
    name: 'ATTACH PARTITION without a CHECK holds ACCESS EXCLUSIVE on the partition',
    setup: `CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2025 (id bigint, at date);
INSERT INTO events_2025 SELECT g, DATE '2025-01-01' + g % 365 FROM generate_series(1, 2000) g;`,
    migration: "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    finding: { ruleId: 'attach-partition-without-check', line: 1, column: 37, message: 'ACCESS EXCLUSIVE' },
    proof: { kind: 'lock', table: 'events_2025', mode: 'AccessExclusiveLock' },
  },
  {
    name: 'a plpgsql procedure the migration calls rewrites the table',
    setup: USERS,
    migration: 'CREATE PROCEDURE add_token() LANGUAGE plpgsql AS $$\nBEGIN\n  ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\nEND $$;\nCALL add_token();',
    finding: { ruleId: 'adding-field-with-default', line: 3, column: 43, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
  {
    name: 'a LANGUAGE sql function the migration selects scans the table under ACCESS EXCLUSIVE',
    setup: USERS,
    migration: 'CREATE FUNCTION require_email() RETURNS void LANGUAGE sql AS $$ ALTER TABLE users ALTER COLUMN email SET NOT NULL $$;\nSELECT require_email();',
    finding: { ruleId: 'adding-not-nullable-field', line: 1, column: 65, message: 'users' },
    proof: { kind: 'lock', table: 'users', mode: 'AccessExclusiveLock' },
  },
  {
    name: "EXECUTE format('…', constants) in a DO block rewrites the table",
    setup: USERS,
    migration: "DO $$\nBEGIN\n  EXECUTE format('ALTER TABLE %I ADD COLUMN %I uuid DEFAULT gen_random_uuid()', 'users', 'token');\nEND $$;",
    finding: { ruleId: 'adding-field-with-default', line: 3, column: 11, message: 'rewrites users' },
    proof: { kind: 'rewrite', table: 'users' },
  },
];
