// One apply of N migrations and N applies of one migration (--to) must give the same database:
// a migration's session-level SET search_path / session_replication_role / ROLE / DateStyle and
// its temp table must not reach the next migration. Run against PostgreSQL and PGlite.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { apply, type EngineOptions } from '../../src/apply/engine.js';
import { loadConfig } from '../../src/config.js';
import type { Query } from './util.js';

export interface IsolationBackend {
  /** Engine options pointing at a fresh, empty database. */
  target: Partial<EngineOptions>;
  q: Query;
  /** Runs SQL as a superuser (roles and grants the engine's user cannot give itself). */
  asSuperuser(sql: string): Promise<void>;
  /** The role the engine connects as. */
  user: string;
  close(): Promise<void>;
}

export const MIGRATIONS: Record<string, string> = {
  '001_base.sql': [
    'CREATE SCHEMA archive;',
    'CREATE TABLE parent (id int PRIMARY KEY);',
    'GRANT CREATE, USAGE ON SCHEMA public, archive TO deployer;',
    'GRANT REFERENCES ON parent TO deployer;',
  ].join('\n'),
  // Each SET outlives its migration unless the engine resets the session.
  '002_session.sql': [
    'SET session_replication_role = replica;',
    'SET search_path = archive, public;',
    "SET DateStyle = 'German, DMY';",
    'CREATE TEMP TABLE notes (body text);',
    'SET ROLE deployer;',
  ].join('\n'),
  '003_tables.sql': [
    'CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));',
    'CREATE TABLE notes (body text);',
    "INSERT INTO notes VALUES ('from 003');",
    'CREATE TABLE dates (shown text);',
    "INSERT INTO dates VALUES ('2024-01-02'::date::text);",
  ].join('\n'),
  // Violates the foreign key: must fail, whatever 002 did.
  '004_orphan.sql': 'INSERT INTO child (id, parent_id) VALUES (1, 42);',
};

const SETUP = (user: string) => [
  "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'deployer') THEN CREATE ROLE deployer NOLOGIN; END IF; END $$",
  `GRANT deployer TO "${user}"`,
  // The engine writes its history row while the migration's role is in effect.
  'GRANT pg_read_all_data, pg_write_all_data TO deployer',
  `GRANT SET ON PARAMETER session_replication_role TO "${user}"`,
];

/** What the migrations made: where each table is, who owns it, what it holds; the history. */
async function snapshot(q: Query): Promise<unknown> {
  const tables = await q(
    `SELECT n.nspname::text AS schema, c.relname::text AS name, pg_get_userbyid(c.relowner)::text AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname IN ('public', 'archive') AND c.relname <> 'migrationlint_history'
      ORDER BY 1, 2`,
  );
  const contents: Record<string, unknown[]> = {};
  for (const t of tables) contents[`${t.schema}.${t.name}`] = await q(`SELECT * FROM "${t.schema}"."${t.name}" ORDER BY 1`);
  const history = await q(`SELECT version, status, left(coalesce(error, ''), 90) AS error FROM public.migrationlint_history ORDER BY id`);
  return { tables, contents, history };
}

type SkipContext = { skip: (note?: string) => never };

export function sessionIsolationScenario(backend: (ctx: SkipContext) => Promise<IsolationBackend>): void {
  it('one apply of four migrations and four applies of one give the same database', async (ctx) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ml-isolation-'));
    try {
      mkdirSync(path.join(dir, 'migrations'));
      writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations' }));
      for (const [file, sql] of Object.entries(MIGRATIONS)) writeFileSync(path.join(dir, 'migrations', file), `${sql}\n`);
      const config = await loadConfig({ cwd: dir });

      const run = async (steps: Array<string | undefined>) => {
        const db = await backend(ctx);
        try {
          for (const s of SETUP(db.user)) await db.asSuperuser(s);
          const opts: EngineOptions = { cwd: dir, config, env: {}, retryBackoffMs: 10, ...db.target };
          const codes = [];
          for (const to of steps) codes.push((await apply({ ...opts, ...(to ? { to } : {}) })).exitCode);
          return { codes, state: await snapshot(db.q) };
        } finally {
          await db.close();
        }
      };
      const together = await run([undefined]);
      const oneByOne = await run(['001', '002', '003', '004']);

      expect(together.codes).toEqual([1]);
      expect(oneByOne.codes).toEqual([0, 0, 0, 1]);
      expect(together.state).toEqual(oneByOne.state);
      expect(together.state).toMatchObject({
        tables: [
          { schema: 'public', name: 'child', owner: expect.not.stringMatching(/^deployer$/) },
          { schema: 'public', name: 'dates' },
          { schema: 'public', name: 'notes' },
          { schema: 'public', name: 'parent' },
        ],
        contents: { 'public.child': [], 'public.dates': [{ shown: '2024-01-02' }], 'public.notes': [{ body: 'from 003' }] },
        history: [
          { version: '001', status: 'applied' },
          { version: '002', status: 'applied' },
          { version: '003', status: 'applied' },
          { version: '004', status: 'failed', error: expect.stringContaining('violates foreign key constraint') },
        ],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
}
