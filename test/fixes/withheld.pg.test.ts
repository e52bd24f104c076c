// Fixes withheld because PostgreSQL 15 refuses (or empties) what they produce: the old fixed text
// fails on the Debian server with the SQLSTATE of the case, and the lint of the original now
// reports the finding without a fix. Also the two fixes that changed a migration's intent.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintSql } from '../helpers/lint-sql.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { WITHHELD_FIXES } from './withheld.cases.js';

let started: StartResult | undefined;

beforeAll(async () => {
  started = await startPostgres();
});

afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

async function freshDatabase(server: PgServer, setup: string): Promise<pg.Client> {
  const database = new URL(await server.createDatabase('withheld')).pathname.slice(1);
  const client = await server.admin(database);
  await client.query(setup);
  return client;
}

const sqlstateOf = (client: pg.Client, sql: string) =>
  client.query(sql).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'no code',
  );

/** The rule's findings in the migration, linted after its setup migration. */
async function findingsOf(rule: string, setup: string, migration: string) {
  const result = await lintSql(migration, { filename: '002_migration.sql', others: { '001_setup.sql': setup } });
  return result.findings.filter((f) => f.ruleId === rule && f.file.endsWith('002_migration.sql'));
}

describe('fixes withheld: PostgreSQL 15 refuses the fixed statement', () => {
  for (const c of WITHHELD_FIXES) {
    it(`${c.name}: ${c.sqlstate}`, async (ctx) => {
      const server = requireServer(started, ctx);
      const client = await freshDatabase(server, c.setup);
      try {
        expect(await sqlstateOf(client, c.fixed)).toBe(c.sqlstate);
      } finally {
        await client.end();
      }
      const findings = await findingsOf(c.rule, c.setup, c.migration);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.map((f) => f.fix)).toEqual(findings.map(() => undefined));
    });
  }
});

describe('fixes withheld: they would change what the migration does', () => {
  it('ALTER COLUMN … TYPE varchar(8) → text would be a no-op: the original changes the column, the fixed one does not', async (ctx) => {
    const server = requireServer(started, ctx);
    const setup = 'CREATE TABLE items (code text);';
    const typeOf = async (client: pg.Client) =>
      (await client.query<{ t: string }>("SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'code'")).rows[0]?.t;
    const original = await freshDatabase(server, setup);
    const fixed = await freshDatabase(server, setup);
    try {
      await original.query('ALTER TABLE items ALTER COLUMN code TYPE varchar(8);');
      await fixed.query('ALTER TABLE items ALTER COLUMN code TYPE text;');
      expect(await typeOf(original)).toBe('character varying(8)');
      expect(await typeOf(fixed)).toBe('text');
    } finally {
      await original.end();
      await fixed.end();
    }
    const findings = await findingsOf('prefer-text-field', setup, 'ALTER TABLE items ALTER COLUMN code TYPE varchar(8);');
    expect(findings.map((f) => f.fix)).toEqual([undefined]);
  });

  it('NOT VALID alone turns a migration that fails on violating rows (23514) into one that keeps them, never validated', async (ctx) => {
    const server = requireServer(started, ctx);
    const setup = 'CREATE TABLE orders (id bigint, total numeric);\nINSERT INTO orders VALUES (1, -5);';
    const migration = 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);';
    const client = await freshDatabase(server, setup);
    try {
      expect(await sqlstateOf(client, migration)).toBe('23514');
      expect(await sqlstateOf(client, migration.replace(';', ' NOT VALID;'))).toBe('ok');
      const constraint = await client.query<{ convalidated: boolean }>("SELECT convalidated FROM pg_constraint WHERE conname = 'orders_total_check'");
      expect(constraint.rows).toEqual([{ convalidated: false }]);
      expect((await client.query('SELECT * FROM orders WHERE total < 0')).rowCount).toBe(1);
    } finally {
      await client.end();
    }
    const findings = await findingsOf('constraint-missing-not-valid', setup, migration);
    expect(findings.map((f) => f.fix)).toEqual([undefined]);
  });
});
