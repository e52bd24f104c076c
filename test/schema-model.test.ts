// The schema model on its own: the fixture set (fixtures/schema/migrations) replays into the
// exact catalog PostgreSQL 18 builds from the same files. The expected names, types,
// nullability, defaults, constraints and indexes were compared once with pg_catalog after
// applying the fixtures to PGlite (PostgreSQL 18.6); default texts are as written, not pg_get_expr's.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSync } from '../src/pg-parser.js';
import type { Node } from '@pgsql/types';
import { Catalog, catalogSnapshot, replayStatement } from '../src/facts/schema/index.js';
import { discover } from '../src/discover.js';
import { loadParser } from '../src/parse.js';
import { repoRoot } from './helpers/cli.js';
import { replaySet } from './helpers/replay-set.js';

const type = (name: string, typmods: (number | string)[] = [], extra: object = {}) => ({ name, typmods, array: false, ...extra });
const column = (name: string, t: object, notNull: boolean, extra: object = {}) => ({ name, type: t, notNull, ...extra });
const index = (name: string, schema: string, columns: (string | null)[], extra: object = {}) => ({
  name,
  schema,
  columns,
  include: [],
  unique: false,
  partial: false,
  method: 'btree',
  valid: true,
  ...extra,
});
const keyConstraint = (name: string, kind: string, columns: string[]) => ({ name, kind, columns, validated: true, index: name });
const constant = (text: string) => ({ volatility: 'constant', node: 'A_Const', text });

const EXPECTED = {
  tables: {
    'finance.invoices': {
      columnsKnown: true,
      columns: {
        id: column('id', type('int8'), true),
        account_id: column('account_id', type('int4'), true),
        plan: column('plan', type('plan', [], { schema: 'finance' }), true),
      },
      // The foreign key to finance.accounts went with DROP TABLE … CASCADE.
      constraints: { invoices_pkey: keyConstraint('invoices_pkey', 'primary-key', ['id']) },
      indexes: { invoices_pkey: index('invoices_pkey', 'finance', ['id'], { unique: true, constraint: 'invoices_pkey' }) },
    },
    'finance.order_archive': { columnsKnown: false, columns: {}, constraints: {}, indexes: {} },
    'public.customers': {
      columnsKnown: true,
      columns: {
        id: column('id', type('int8'), true, { default: { volatility: 'volatile', node: 'FuncCall', text: "nextval('users_id_seq'::regclass)" } }),
        email: column('email', type('varchar', [255]), true),
        name: column('name', type('text'), true, { default: constant("'anon'") }),
        mood: column('mood', type('feeling'), false),
        created_at: column('created_at', type('timestamptz'), true, { default: { volatility: 'non-volatile', node: 'FuncCall', text: 'now()' } }),
      },
      constraints: {
        users_pkey: keyConstraint('users_pkey', 'primary-key', ['id']),
        users_email_key: keyConstraint('users_email_key', 'unique', ['email']),
        users_email_check: { name: 'users_email_check', kind: 'check', columns: ['email'], validated: true, notNullColumns: [] },
      },
      indexes: {
        users_pkey: index('users_pkey', 'public', ['id'], { unique: true, constraint: 'users_pkey' }),
        users_email_key: index('users_email_key', 'public', ['email'], { unique: true, constraint: 'users_email_key' }),
      },
    },
    'public.events': {
      columnsKnown: true,
      columns: {
        id: column('id', type('int8'), true),
        kind: column('kind', type('text'), false),
        payload: column('payload', type('jsonb'), false),
        during: column('during', type('tstzrange'), false),
        level: column('level', type('level'), true, { default: constant("'low'") }),
      },
      constraints: {
        events_during_excl: keyConstraint('events_during_excl', 'exclusion', ['during']),
        events_pkey: keyConstraint('events_pkey', 'primary-key', ['id']),
        events_kind_payload_key: keyConstraint('events_kind_payload_key', 'unique', ['kind', 'payload']),
        events_kind_present: { name: 'events_kind_present', kind: 'check', columns: ['kind'], validated: false, notNullColumns: ['kind'] },
      },
      indexes: {
        events_during_excl: index('events_during_excl', 'public', ['during'], { method: 'gist', constraint: 'events_during_excl' }),
        // CREATE UNIQUE INDEX events_id_idx, then ADD CONSTRAINT events_pkey … USING INDEX renames it.
        events_pkey: index('events_pkey', 'public', ['id'], { unique: true, constraint: 'events_pkey' }),
        events_kind_payload_key: index('events_kind_payload_key', 'public', ['kind', 'payload'], { unique: true, constraint: 'events_kind_payload_key' }),
      },
    },
    'public.orders': {
      columnsKnown: true,
      columns: {
        id: column('id', type('uuid'), true, { default: { volatility: 'volatile', node: 'FuncCall', text: 'gen_random_uuid()' } }),
        customer_id: column('customer_id', type('int8'), false),
        total: column('total', type('numeric', [12, 2]), true),
        note: column('note', type('text'), false),
        status: column('status', type('text'), true, { default: constant("'new'") }),
      },
      constraints: {
        orders_pk: keyConstraint('orders_pk', 'primary-key', ['id']),
        orders_user_id_fkey: {
          name: 'orders_user_id_fkey',
          kind: 'foreign-key',
          columns: ['customer_id'],
          references: { schema: 'public', table: 'customers', columns: ['id'] },
          validated: true,
        },
        orders_status_present: { name: 'orders_status_present', kind: 'check', columns: ['status', 'total'], validated: true, notNullColumns: ['status', 'total'] },
      },
      indexes: {
        orders_pk: index('orders_pk', 'public', ['id'], { unique: true, constraint: 'orders_pk' }),
        orders_customer_id_idx: index('orders_customer_id_idx', 'public', ['customer_id']),
      },
    },
  },
  enums: {
    'public.feeling': ['happy', 'meh', 'blue'],
    'finance.plan': ['free', 'pro'],
    'public.level': ['low', 'high'],
  },
};

/** Replays SQL into a fresh catalog. */
function replay(sql: string, catalog = new Catalog()): Catalog {
  for (const { stmt } of parseSync(sql).stmts ?? []) if (stmt) replayStatement(catalog, stmt as Node);
  return catalog;
}

describe('schema model', () => {
  beforeAll(loadParser);

  it('replays the fixture set into the catalog PostgreSQL builds', async () => {
    const dir = join(repoRoot, 'fixtures', 'schema', 'migrations');
    const set = await discover({ cwd: dir, patterns: ['.'], runner: 'auto', assumeInTransaction: false });
    expect(set.migrations).toHaveLength(8);
    const catalogs = replaySet(set);
    expect(catalogs.size).toBe(1);
    expect(catalogSnapshot([...catalogs.values()][0]!)).toEqual(EXPECTED);
  });

  it('looks tables up by bare name in any schema, public first', () => {
    const catalog = replay('CREATE TABLE app.items (id int); CREATE TABLE audit.log (id int); CREATE TABLE log (x int);');
    expect(catalog.table({ name: 'items' })?.schema).toBe('app');
    expect(catalog.table({ name: 'log' })?.schema).toBe('public');
    expect(catalog.table({ schema: 'audit', name: 'log' })?.columns.has('id')).toBe(true);
    expect(catalog.table({ schema: 'public', name: 'items' })).toBeUndefined();
    expect(catalog.column({ name: 'items' }, 'id')?.type.name).toBe('int4');
  });

  it('copies parent columns into partitions and inheriting tables, and knows nothing of LIKE', () => {
    const catalog = replay(
      'CREATE TABLE m (id bigint NOT NULL, at date) PARTITION BY RANGE (at);' +
        "CREATE TABLE m_2024 PARTITION OF m (at WITH OPTIONS NOT NULL) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" +
        'CREATE TABLE c (extra text) INHERITS (m); CREATE TABLE l (LIKE m, z int); CREATE TABLE o PARTITION OF unknown_parent DEFAULT;',
    );
    const m2024 = catalog.table({ name: 'm_2024' });
    expect([...(m2024?.columns.values() ?? [])].map((c) => [c.name, c.notNull])).toEqual([['id', true], ['at', true]]);
    expect([...(catalog.table({ name: 'c' })?.columns.keys() ?? [])]).toEqual(['id', 'at', 'extra']);
    expect(catalog.table({ name: 'l' })?.columnsKnown).toBe(false);
    expect(catalog.table({ name: 'o' })?.columnsKnown).toBe(false);
  });

  it('takes indexes and constraints along when a column is dropped, and follows renames', () => {
    const catalog = replay(
      'CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE); CREATE TABLE c (p_id int REFERENCES p, code text REFERENCES p (code));' +
        'CREATE INDEX c_both ON c (p_id, code); ALTER TABLE p RENAME COLUMN id TO pid; ALTER TABLE p DROP COLUMN code;',
    );
    const c = catalog.table({ name: 'c' });
    expect([...(c?.constraints.values() ?? [])]).toEqual([
      { name: 'c_p_id_fkey', kind: 'foreign-key', columns: ['p_id'], references: { schema: 'public', table: 'p', columns: ['pid'] }, validated: true },
    ]);
    replay('ALTER TABLE c DROP COLUMN code;', catalog);
    expect([...(c?.indexes.keys() ?? [])]).toEqual([]);
    expect(catalog.index('c_both')).toBeUndefined();
  });

  it('records NOT VALID, VALIDATE, PostgreSQL 18 NOT NULL constraints and drops', () => {
    const catalog = replay(
      'CREATE TABLE t (a int, b int);' +
        'ALTER TABLE t ADD CONSTRAINT a_nn NOT NULL a NOT VALID, ADD CONSTRAINT b_fk FOREIGN KEY (b) REFERENCES t (a) NOT VALID;',
    );
    const t = catalog.table({ name: 't' });
    expect([t?.columns.get('a')?.notNull, t?.constraints.get('a_nn')?.validated, t?.constraints.get('b_fk')?.validated]).toEqual([false, false, false]);
    replay('ALTER TABLE t VALIDATE CONSTRAINT a_nn; ALTER TABLE t VALIDATE CONSTRAINT b_fk;', catalog);
    expect([t?.columns.get('a')?.notNull, t?.constraints.get('a_nn')?.validated, t?.constraints.get('b_fk')?.validated]).toEqual([true, true, true]);
    replay('ALTER TABLE t ALTER COLUMN a DROP NOT NULL; ALTER TABLE t DROP CONSTRAINT IF EXISTS b_fk, DROP CONSTRAINT IF EXISTS nope;', catalog);
    expect([t?.columns.get('a')?.notNull, [...(t?.constraints.keys() ?? [])]]).toEqual([false, []]);
  });

  it('ignores what it does not model and never throws on missing objects', () => {
    const catalog = replay(
      'ALTER TABLE ghost ADD COLUMN a int; DROP TABLE IF EXISTS ghost; DROP INDEX IF EXISTS ghost_idx; ALTER INDEX ghost_idx RENAME TO g;' +
        'ALTER TABLE ghost RENAME COLUMN a TO b; ALTER TYPE ghost ADD VALUE IF NOT EXISTS \'x\'; DROP TYPE IF EXISTS ghost; CREATE INDEX ON ghost (a);' +
        'CREATE VIEW v AS SELECT 1; CREATE TEMP TABLE scratch (a int); CREATE MATERIALIZED VIEW mv AS SELECT 1; SELECT 1; DROP SCHEMA IF EXISTS nowhere CASCADE;',
    );
    expect(catalogSnapshot(catalog)).toEqual({ tables: {}, enums: {} });
  });

  it('classifies default volatility, using functions the set created', () => {
    const catalog = replay(
      "CREATE FUNCTION stable_id() RETURNS text LANGUAGE sql STABLE AS 'select 1';" +
        'CREATE TABLE d (a timestamptz DEFAULT CURRENT_TIMESTAMP, b uuid DEFAULT uuid_generate_v4(), c text DEFAULT stable_id(),' +
        " e text DEFAULT other_fn(), f jsonb DEFAULT '{}'::jsonb, g int DEFAULT NULL, h int DEFAULT -1, i timestamptz DEFAULT now() + interval '1 day');",
    );
    const d = catalog.table({ name: 'd' });
    const volatility = Object.fromEntries([...(d?.columns.values() ?? [])].map((c) => [c.name, c.default?.volatility ?? 'none']));
    expect(volatility).toEqual({ a: 'non-volatile', b: 'volatile', c: 'non-volatile', e: 'volatile', f: 'constant', g: 'none', h: 'constant', i: 'non-volatile' });
    expect(d?.columns.get('i')?.default?.text).toBe("now() + '1 day'::interval");
    expect(d?.columns.get('a')?.default?.text).toBe('CURRENT_TIMESTAMP');
  });

  it('a fork reads through to its catalog and changes copies only (copy-on-write)', () => {
    const base = `
      CREATE TYPE mood AS ENUM ('a', 'b');
      CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS 'select 1';
      CREATE TABLE app.p (id int PRIMARY KEY, code text UNIQUE, m mood);
      CREATE TABLE c (id int, p_id int REFERENCES app.p, code text REFERENCES app.p (code), m mood NOT NULL);
      CREATE INDEX c_p ON c (p_id); ALTER TABLE c ADD CONSTRAINT c_chk CHECK (id IS NOT NULL) NOT VALID;`;
    const changes = `
      ALTER TYPE mood ADD VALUE 'c'; ALTER TYPE mood RENAME TO feeling; ALTER FUNCTION f() RENAME TO g;
      ALTER TABLE app.p RENAME COLUMN id TO pid; ALTER INDEX c_p RENAME TO c_p_idx; ALTER TABLE c RENAME CONSTRAINT c_chk TO c_check;
      ALTER TABLE c VALIDATE CONSTRAINT c_check; ALTER TABLE c ALTER COLUMN id SET NOT NULL, ADD COLUMN extra int DEFAULT random();
      ALTER TABLE app.p DROP COLUMN code; ALTER SCHEMA app RENAME TO core; ALTER TABLE c SET SCHEMA core;
      DROP TYPE feeling CASCADE; DROP INDEX core.c_p_idx; DROP TABLE core.p CASCADE;`;
    const original = replay(base);
    const before = catalogSnapshot(original);
    const fork = original.fork();
    replay(changes, fork);
    expect(catalogSnapshot(original)).toEqual(before);
    const expected = catalogSnapshot(replay(changes, replay(base)));
    expect(catalogSnapshot(fork)).toEqual(expected);
    expect(expected).not.toEqual(before);
    expect([fork.function('g')?.name, original.function('f')?.name, original.index('c_p')?.table.name, fork.index('c_p')]).toEqual(['g', 'f', 'c', undefined]);
    // A fork of a fork (the language server keeps forks of stored catalogs) leaves both alone.
    const grandchild = fork.fork();
    replay("DROP TABLE core.c; CREATE TABLE core.c (x int); ALTER FUNCTION g() SET SCHEMA core; CREATE TYPE mood AS ENUM ('z');", grandchild);
    expect(catalogSnapshot(fork)).toEqual(expected);
    expect([grandchild.table({ name: 'c' })?.columns.has('x'), grandchild.function('g')?.schema, grandchild.enumType('mood')?.values]).toEqual([true, 'core', ['z']]);
    // The original goes on changing its own records once the fork is done with.
    replay(changes, original);
    expect(catalogSnapshot(original)).toEqual(expected);
  });
});
