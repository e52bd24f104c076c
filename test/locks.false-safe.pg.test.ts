// Issue 15's false "safe" cases on the Debian PostgreSQL server: each migration runs after its
// setup in a transaction (then ROLLBACK) and the server shows the rewrite (relfilenode), the lock
// (pg_locks) or the refusal (SQLSTATE) — and the same migration, linted as the next one of the
// set, gets the finding at the exact position.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { lintSql } from './helpers/lint-sql.js';
import { type PgServer } from './helpers/postgres.js';
import { usePostgres } from './helpers/use-postgres.js';
import { FALSE_SAFE_CASES, type FalseSafeCase } from './locks.false-safe.cases.js';

const postgres = usePostgres();
let spaceDir: string | undefined;

afterAll(() => {
  if (spaceDir) rmSync(spaceDir, { recursive: true, force: true });
});

/** An empty directory the server can make this tablespace in (owned by postgres when the tests run as root). */
function tablespaceDir(name: string): string {
  spaceDir ??= mkdtempSync(join(tmpdir(), 'mlfalse-space-'));
  const dir = join(spaceDir, name);
  mkdirSync(dir);
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(spaceDir, id('-u'), id('-g'));
    chownSync(dir, id('-u'), id('-g'));
  }
  return dir;
}

async function freshDatabase(server: PgServer, setup: string): Promise<pg.Client> {
  const database = new URL(await server.createDatabase('falsesafe')).pathname.slice(1);
  const client = await server.admin(database);
  try {
    await client.query(setup);
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}

const relfilenode = async (client: pg.Client, table: string) =>
  Number((await client.query<{ n: number }>('SELECT relfilenode::int AS n FROM pg_class WHERE oid = $1::regclass', [table])).rows[0]?.n);

async function heldModes(client: pg.Client, table: string): Promise<string[]> {
  const rows = await client.query<{ mode: string }>("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = $1::regclass AND granted", [table]);
  return rows.rows.map((r) => r.mode);
}

/** Runs the migration in a transaction and returns what the proof needs, then rolls back. */
async function observe(client: pg.Client, c: FalseSafeCase): Promise<unknown> {
  const { proof } = c;
  const before = proof.kind === 'rewrite' ? await relfilenode(client, proof.table) : 0;
  await client.query('BEGIN');
  try {
    if (proof.kind === 'fails') {
      const error = await client.query(c.migration).then(
        () => undefined,
        (e: { code?: string }) => e.code,
      );
      return { sqlstate: error };
    }
    await client.query(c.migration);
    const modes = await heldModes(client, proof.table);
    if (proof.kind === 'lock') return { held: modes.includes(proof.mode) };
    return { rewritten: (await relfilenode(client, proof.table)) !== before, accessExclusive: modes.includes('AccessExclusiveLock') };
  } finally {
    await client.query('ROLLBACK');
  }
}

function expected(c: FalseSafeCase): unknown {
  const { proof } = c;
  if (proof.kind === 'fails') return { sqlstate: proof.sqlstate };
  if (proof.kind === 'lock') return { held: true };
  return { rewritten: true, accessExclusive: true };
}

describe('false "safe" cases on the Debian PostgreSQL server', () => {
  for (const c of FALSE_SAFE_CASES) {
    it(c.name, async (ctx) => {
      const server = postgres(ctx);
      const client = await freshDatabase(server, c.setup);
      try {
        expect(await observe(client, c)).toEqual(expected(c));
      } finally {
        await client.end();
      }
      const result = await lintSql(c.migration, { filename: '001_change.sql', others: { '000_setup.sql': c.setup } });
      const found = result.findings.filter((f) => f.file.endsWith('001_change.sql') && f.ruleId === c.finding.ruleId);
      expect(found.map((f) => ({ line: f.start.line, column: f.start.column, message: f.message }))).toContainEqual({
        line: c.finding.line,
        column: c.finding.column,
        message: expect.stringContaining(c.finding.message),
      });
    });
  }

  it('ATTACH PARTITION with a validated CHECK on the key skips the scan, and is not reported', async (ctx) => {
    const server = postgres(ctx);
    const setup = `CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2025 (id bigint, at date);
INSERT INTO events_2025 VALUES (1, '2025-03-01');
ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01');`;
    const attach = "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";
    const client = await freshDatabase(server, setup);
    const notices: string[] = [];
    client.on('notice', (n) => notices.push(n.message ?? ''));
    try {
      await client.query("BEGIN; SET LOCAL client_min_messages = 'debug1'");
      await client.query(attach);
      await client.query('ROLLBACK');
      expect(notices).toContain('partition constraint for table "events_2025" is implied by existing constraints');
      notices.length = 0;
      await client.query('ALTER TABLE events_2025 DROP CONSTRAINT events_2025_bound');
      await client.query("BEGIN; SET LOCAL client_min_messages = 'debug1'");
      await client.query(attach);
      await client.query('ROLLBACK');
      expect(notices.filter((n) => n.includes('is implied by existing constraints'))).toEqual([]);
    } finally {
      await client.end();
    }
    const result = await lintSql(`${attach};`, { filename: '001_change.sql', others: { '000_setup.sql': setup } });
    expect(result.findings.filter((f) => f.ruleId === 'attach-partition-without-check')).toEqual([]);
  });

  it('ALTER INDEX … SET TABLESPACE keeps readers of the table waiting, and is reported', async (ctx) => {
    const server = postgres(ctx);
    const setup = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nINSERT INTO orders SELECT g, \'new\' FROM generate_series(1, 1000) g;\nCREATE INDEX orders_status_idx ON orders (status);';
    const client = await freshDatabase(server, setup);
    const reader = await server.admin(client.database);
    try {
      await client.query(`CREATE TABLESPACE ml_false_space LOCATION '${tablespaceDir('ml_false_space')}'`);
      const before = await relfilenode(client, 'orders_status_idx');
      await client.query('BEGIN');
      await client.query('ALTER INDEX orders_status_idx SET TABLESPACE ml_false_space');
      expect(await relfilenode(client, 'orders_status_idx')).not.toBe(before);
      await reader.query("SET lock_timeout = '200ms'");
      const error = await reader.query('SELECT count(*) FROM orders WHERE id = 1').then(
        () => undefined,
        (e: { code?: string }) => e.code,
      );
      expect(error).toBe('55P03');
      await client.query('ROLLBACK');
      await client.query('DROP TABLESPACE ml_false_space');
    } finally {
      await reader.end();
      await client.end();
    }
    const result = await lintSql('ALTER INDEX orders_status_idx SET TABLESPACE ml_false_space;', { filename: '001_change.sql', others: { '000_setup.sql': setup } });
    expect(result.findings.filter((f) => f.ruleId === 'rewriting-table-option').map((f) => `${f.start.line}:${f.start.column} ${f.message}`)).toEqual([
      '1:1 SET TABLESPACE copies index orders_status_idx under an ACCESS EXCLUSIVE lock on it: queries on orders wait until the copy ends, since planning any query on a table locks all its indexes.',
    ]);
  });
  it('ALTER TABLE / INDEX ALL IN TABLESPACE copies every relation there under ACCESS EXCLUSIVE, and is reported', async (ctx) => {
    const server = postgres(ctx);
    const client = await freshDatabase(server, 'SELECT 1');
    const reader = await server.admin(client.database);
    const moves = ['ALTER TABLE ALL IN TABLESPACE ml_all_space SET TABLESPACE pg_default', 'ALTER INDEX ALL IN TABLESPACE ml_all_space SET TABLESPACE pg_default'];
    try {
      await client.query(`CREATE TABLESPACE ml_all_space LOCATION '${tablespaceDir('ml_all_space')}'`);
      await client.query(`CREATE TABLE orders (id bigint PRIMARY KEY, status text) TABLESPACE ml_all_space;
INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 1000) g;
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE INDEX users_id_idx ON users (id) TABLESPACE ml_all_space;`);
      await reader.query("SET lock_timeout = '200ms'");
      const blocked = (sql: string) => reader.query(sql).then(() => undefined, (e: { code?: string }) => e.code);
      for (const [move, relation, query] of [
        [moves[0], 'orders', 'SELECT count(*) FROM orders'],
        [moves[1], 'users_id_idx', 'SELECT count(*) FROM users WHERE id = 1'],
      ] as const) {
        const before = await relfilenode(client, relation);
        await client.query('BEGIN');
        await client.query(move);
        expect(await relfilenode(client, relation)).not.toBe(before);
        expect(await heldModes(client, relation)).toContain('AccessExclusiveLock');
        expect(await blocked(query)).toBe('55P03');
        await client.query('ROLLBACK');
      }
      await client.query('DROP TABLE orders, users');
      await client.query('DROP TABLESPACE ml_all_space');
    } finally {
      await reader.end();
      await client.end();
    }
    const result = await lintSql(`${moves.join(';\n')};`, { filename: '001_change.sql' });
    expect(result.findings.filter((f) => f.ruleId === 'rewriting-table-option').map((f) => `${f.start.line}:${f.start.column} ${f.message.split(':')[0]}`)).toEqual([
      '1:1 ALL IN TABLESPACE ml_all_space SET TABLESPACE pg_default copies every table of this database in ml_all_space',
      '2:1 ALL IN TABLESPACE ml_all_space SET TABLESPACE pg_default copies every index of this database in ml_all_space',
    ]);
  });
});
