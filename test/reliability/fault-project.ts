// A small migration project on the test server for the fault tests: files written as given,
// the CLI run in its own process, and what they assert on — the history row, the `status`
// line and pg_index — read back from the database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll } from 'vitest';
import type { PgServer } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { type ApplyProc, startApply } from './apply-proc.js';

export interface FaultProject {
  server: PgServer;
  dir: string;
  url: string;
  database: string;
  admin: pg.Client;
  /** `migrationlint <command> --database-url … --format json …` in its own process. */
  run(command: 'apply' | 'down' | 'resolve', extra?: string[]): ApplyProc;
  /** The line `status` prints for a version (columns separated by runs of spaces). */
  statusLine(version: string): Promise<string>;
  /** The last history row of a version. */
  history(version: string): Promise<{ status: string; execution_mode: string; statements_done: number; statements_total: number; error: string | null } | undefined>;
  /** pg_index flags of an index of the public schema; undefined when it does not exist. */
  index(name: string): Promise<{ valid: boolean; ready: boolean } | undefined>;
}

export const TABLE_ORDERS = 'CREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    ref text\n);\n';

/** For a test file: one server for its tests; each call makes a project with these files and apply settings. */
export function faultProjects(): (ctx: { skip: (note?: string) => never }, files: Record<string, string>, apply?: Record<string, unknown>) => Promise<FaultProject> {
  const postgres = usePostgres();
  const made: FaultProject[] = [];
  // After hooks run last-registered first: the projects close before the server stops.
  afterAll(async () => {
    for (const p of made) {
      await p.admin.end().catch(() => undefined);
      rmSync(p.dir, { recursive: true, force: true });
    }
  });
  return async (ctx, files, apply = {}) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('fault');
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    const dir = mkdtempSync(path.join(tmpdir(), 'ml-fault-'));
    mkdirSync(path.join(dir, 'migrations'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'migrations', name), text);
    writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', apply }));
    const admin = await server.admin(database);
    admin.on('error', () => undefined);
    const p: FaultProject = {
      server,
      dir,
      url,
      database,
      admin,
      run: (command, extra = []) => startApply(dir, [command, '--database-url', url, '--format', 'json', ...extra]),
      async statusLine(version) {
        const st = await startApply(dir, ['status', '--database-url', url]).done;
        const line = st.stdout.split('\n').find((l) => l.startsWith(`${version} `));
        return (line ?? `(no status line for ${version}: ${st.stdout}${st.stderr})`).replace(/ {2,}/g, '  ').trim();
      },
      async history(version) {
        const r = await admin.query('SELECT status, execution_mode, statements_done, statements_total, error FROM public.migrationlint_history WHERE version = $1 ORDER BY id DESC LIMIT 1', [version]);
        return r.rows[0];
      },
      async index(name) {
        const r = await admin.query<{ valid: boolean; ready: boolean }>(
          "SELECT i.indisvalid AS valid, i.indisready AS ready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace",
          [name],
        );
        return r.rows[0];
      },
    };
    made.push(p);
    return p;
  };
}

/** A second session with an open write transaction on `table`: CREATE INDEX CONCURRENTLY waits for it. */
export async function openWriter(server: PgServer, database: string, table: string): Promise<{ commit(): Promise<void> }> {
  const writer = await server.admin(database);
  writer.on('error', () => undefined);
  await writer.query(`BEGIN; INSERT INTO ${table} (ref) VALUES ('in flight')`);
  return {
    commit: async () => {
      await writer.query('COMMIT').catch(() => undefined);
      await writer.end().catch(() => undefined);
    },
  };
}

/** Resolves with the first event of a type the process prints (or undefined when it exits first). */
export async function nextEvent(proc: ApplyProc, type: string, seconds = 60): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const e = proc.events().find((x) => x.type === type);
    if (e) return e;
    if (proc.exited()) return undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}
