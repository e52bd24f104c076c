// A migration set that stops where a test wants it: `SELECT hold('003')` waits while the table
// hold_on has the row '003' (the test inserts it before apply and deletes it after
// interrupting), so a re-run passes the same statement at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll } from 'vitest';
import type { PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { generateKillSet, type GenMigration, writeKillSet } from './kill-set.js';

const table = (v: string) => ({
  sql: `CREATE TABLE t_${v} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    label text\n)`,
  effect: { kind: 'table' as const, table: `t_${v}` },
});
const row = (v: string) => ({ sql: `INSERT INTO effects (version) VALUES ('${v}')`, effect: { kind: 'row' as const, version: v } });

/** 002 holds inside its transaction; 003 holds between its two CREATE INDEX CONCURRENTLY. */
export const HOLD_SET: GenMigration[] = [
  generateKillSet({ count: 1, sleep: 0, concurrentEvery: 99, slowEvery: 99 })[0]!,
  { version: '002', name: 'hold_in_transaction', transactional: true, statements: [table('002'), { sql: "SELECT hold('002')" }, row('002')] },
  {
    version: '003',
    name: 'hold_between_indexes',
    transactional: false,
    statements: [
      { sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_002_label ON t_002 (label)', effect: { kind: 'index', index: 'ix_t_002_label' } },
      { sql: "SELECT hold('003')" },
      { sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_002_id_label ON t_002 (id, label)', effect: { kind: 'index', index: 'ix_t_002_id_label' } },
    ],
  },
  { version: '004', name: 'create_t_004', transactional: true, statements: [table('004'), row('004')] },
];

/** `SELECT hold('v')` waits while the table hold_on has the row 'v' (made by the superuser, usable by `user`). */
export async function installHold(admin: pg.Client, user: string): Promise<void> {
  await admin.query(`CREATE TABLE hold_on (why text);
    CREATE FUNCTION hold(what text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      WHILE EXISTS (SELECT 1 FROM hold_on WHERE why = what) LOOP PERFORM pg_sleep(0.02); END LOOP;
    END $$;
    GRANT SELECT ON hold_on TO ${user}; GRANT EXECUTE ON FUNCTION hold(text) TO ${user};`);
}

export interface HoldProject {
  dir: string;
  url: string;
  database: string;
  admin: pg.Client;
  /** Makes `SELECT hold(version)` wait. */
  hold(version: string): Promise<void>;
  /** Lets every hold() go on. */
  release(): Promise<void>;
}

export async function holdProject(server: PgServer, set: GenMigration[] = HOLD_SET): Promise<HoldProject> {
  const url = await server.createDatabase('hold');
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-hold-'));
  writeKillSet(dir, set);
  const admin = await server.admin(database);
  // A server restart ends this session: that is expected, not an uncaught error.
  admin.on('error', () => undefined);
  // The test server runs with synchronous_commit off; a crash (restart -m immediate) would
  // then lose the last commits, as it would on any server configured so. Not this database.
  await admin.query(`ALTER DATABASE "${database}" SET synchronous_commit = on`);
  await installHold(admin, server.user);
  // `admin` is replaced after a server restart: the methods read it from the object.
  const project: HoldProject = {
    dir,
    url,
    database,
    admin,
    hold: async (version) => void (await project.admin.query('INSERT INTO hold_on VALUES ($1)', [version])),
    release: async () => void (await project.admin.query('DELETE FROM hold_on')),
  };
  return project;
}

/**
 * For a test file: one PostgreSQL server (started before its tests, stopped after) and a
 * function giving each test a fresh hold project on it; the projects are removed at the end.
 */
export function holdProjectsOnPostgres(): (ctx: { skip: (note?: string) => never }) => Promise<{ server: PgServer; p: HoldProject }> {
  const postgres = usePostgres();
  const projects: HoldProject[] = [];
  // After hooks run last-registered first: the projects close before the server stops.
  afterAll(async () => {
    for (const p of projects) {
      await p.admin.end().catch(() => undefined);
      rmSync(p.dir, { recursive: true, force: true });
    }
  });
  return async (ctx) => {
    const server = postgres(ctx);
    const p = await holdProject(server);
    projects.push(p);
    return { server, p };
  };
}
