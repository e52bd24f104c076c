// Catalog snapshots and their comparison, on PGlite: every object kind is captured, equal
// schemas built by different statements compare equal, and differences are named precisely.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PgliteDb } from '../../src/apply/pglite-driver.js';
import { compareSnapshots, describeDiff, describeMismatch, isEmptyDiff } from '../../src/verify/compare.js';
import { objectKey, takeSnapshot } from '../../src/verify/snapshot.js';
import { openPglite, resetPglite } from '../helpers/pglite.js';

let pg: PGlite;
let db: PgliteDb;

beforeAll(async () => {
  pg = await openPglite();
  db = new PgliteDb(pg, false);
});
afterAll(async () => {
  await pg?.close();
});
beforeEach(async () => {
  await resetPglite(pg);
  for (const r of await db.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname = 'reader'")) await db.exec(`DROP ROLE ${r.rolname}`);
});

const SCHEMA = `
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN positive AS integer NOT NULL CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b text);
CREATE SEQUENCE billing.invoice_no START 1000 INCREMENT 10;
CREATE TABLE orders (id bigserial PRIMARY KEY, status text NOT NULL DEFAULT 'new', qty positive, feeling mood, code varchar(10) COLLATE "C");
CREATE TABLE lines (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint REFERENCES orders (id) ON DELETE CASCADE, total numeric GENERATED ALWAYS AS (1 + 1) STORED);
ALTER TABLE lines ADD CONSTRAINT lines_total CHECK (total > 0) NOT VALID;
CREATE UNIQUE INDEX orders_status_idx ON orders (status) WHERE status <> 'done';
CREATE VIEW open_orders AS SELECT id FROM orders WHERE status = 'new';
CREATE MATERIALIZED VIEW order_counts AS SELECT status, count(*) FROM orders GROUP BY status;
CREATE UNLOGGED TABLE scratch (x int);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE ROLE reader;
CREATE POLICY orders_read ON orders FOR SELECT TO reader USING (status <> 'hidden');
`;

describe('schema snapshot', () => {
  it('captures every kind of object', async () => {
    await db.exec(SCHEMA);
    const snap = await takeSnapshot(db);
    const keys = snap.objects.map(objectKey);
    for (const key of [
      'schema billing',
      'schema public',
      'type public.mood',
      'type public.positive',
      'type public.pair',
      'sequence billing.invoice_no',
      'sequence public.orders_id_seq',
      'table public.orders',
      'column public.orders.status',
      'constraint public.orders.orders_pkey',
      'constraint public.lines.lines_order_id_fkey',
      'constraint public.lines.lines_total',
      'index public.orders_status_idx',
      'view public.open_orders',
      'materialized view public.order_counts',
      'partitioned table public.events',
      'table public.events_2024',
      'function public.touch()',
      'trigger public.orders.orders_touch',
      'policy public.orders.orders_read',
    ]) {
      expect(keys, key).toContain(key);
    }
    const get = (key: string) => snap.objects.find((o) => objectKey(o) === key)!.props;
    expect(get('column public.orders.status')).toMatchObject({ type: 'text', not_null: true, default: "'new'::text" });
    expect(get('column public.orders.code')).toMatchObject({ type: 'character varying(10)', collation: 'pg_catalog."C"' });
    expect(get('column public.lines.id')).toMatchObject({ identity: 'ALWAYS' });
    expect(get('column public.lines.total')).toMatchObject({ generated: '(1 + 1)' });
    expect(get('type public.mood')).toMatchObject({ type_kind: 'enum', labels: "'happy', 'sad'" });
    expect(get('type public.positive')).toMatchObject({ base_type: 'integer', not_null: true });
    expect(get('constraint public.lines.lines_total')).toMatchObject({ type: 'CHECK', validated: false });
    expect(get('table public.scratch')).toMatchObject({ persistence: 'UNLOGGED' });
    expect(get('table public.orders')).toMatchObject({ row_security: true });
    expect(get('table public.events_2024')).toMatchObject({ partition_bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
    expect(get('sequence public.orders_id_seq')).toMatchObject({ owned_by: 'public.orders.id' });
    expect(get('sequence billing.invoice_no')).toMatchObject({ start: '1000', increment: '10' });
    expect(get('policy public.orders.orders_read')).toMatchObject({ command: 'SELECT', roles: 'reader' });
    // The identity column's sequence is part of the column; the primary key's index is the constraint.
    expect(keys.filter((k) => k.startsWith('sequence public.lines'))).toEqual([]);
    expect(keys).not.toContain('index public.orders_pkey');
  });

  it('compares catalogs, not text: the same schema built two ways is equal', async () => {
    await db.exec("CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, n int CONSTRAINT t_n_check CHECK (n > 0), s text DEFAULT 'x')");
    const a = await takeSnapshot(db);
    await resetPglite(pg);
    await db.exec('CREATE TABLE t (id bigint NOT NULL, n int, s text); ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);');
    await db.exec("ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n > 0), ALTER COLUMN s SET DEFAULT 'x'");
    const b = await takeSnapshot(db);
    expect(compareSnapshots(a, b)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('names what was added, removed and changed, folding the objects of a new table into it', async () => {
    await db.exec("CREATE TABLE t (id bigint PRIMARY KEY, s text); CREATE INDEX t_s ON t (s); CREATE TYPE st AS ENUM ('a')");
    const before = await takeSnapshot(db);
    await db.exec("CREATE TABLE u (id int, v text); ALTER TABLE t ALTER COLUMN s TYPE varchar(5); DROP INDEX t_s; ALTER TYPE st ADD VALUE 'b'");
    const diff = compareSnapshots(before, await takeSnapshot(db));
    expect(describeDiff(diff)).toEqual([
      '+ table public.u',
      '- index public.t_s',
      '~ column public.t.s: type "text" → "character varying(5)"',
      `~ type public.st: labels "'a'" → "'a', 'b'"`,
    ]);
    expect(describeMismatch(compareSnapshots(await takeSnapshot(db), before))).toBe(
      'index public.t_s is left over; table public.u is missing; column public.t.s differs (type: "character varying(5)" → "text"); type public.st differs (labels: "\'a\', \'b\'" → "\'a\'")',
    );
  });

  it('leaves out the history table and the objects extensions own', async () => {
    await db.exec('CREATE TABLE public.migrationlint_history (id int); CREATE TABLE kept (id int)');
    const snap = await takeSnapshot(db, { exclude: ['public.migrationlint_history'] });
    expect(snap.objects.map(objectKey).filter((k) => k.includes('migrationlint_history'))).toEqual([]);
    expect(snap.objects.map(objectKey)).toContain('table public.kept');
    expect(isEmptyDiff(compareSnapshots(snap, await takeSnapshot(db, { exclude: ['public.migrationlint_history'] })))).toBe(true);
  });
});
