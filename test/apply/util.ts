// Shared by the apply tests: temp copies of fixture sets, config, event capture, catalog snapshots.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type ResolvedConfig } from '../../src/config.js';
import type { ApplyEvent } from '../../src/apply/events.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/apply');
export const REPO = path.resolve(import.meta.dirname, '../..');

export interface Project {
  dir: string;
  config: ResolvedConfig;
  migrations: string;
  cleanup(): void;
}

/** A temp copy of fixtures/apply/<name> (tests edit and delete its files). */
export async function copyFixture(name: string, from = FIXTURES): Promise<Project> {
  const dir = mkdtempSync(path.join(tmpdir(), `ml-${name}-`));
  cpSync(path.join(from, name), dir, { recursive: true });
  const config = await loadConfig({ cwd: dir });
  return { dir, config, migrations: path.join(dir, 'migrations'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function recorder(): { events: ApplyEvent[]; onEvent: (e: ApplyEvent) => void; types: () => string[] } {
  const events: ApplyEvent[] = [];
  return { events, onEvent: (e) => events.push(e), types: () => events.map((e) => e.type) };
}

export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Tables, columns, indexes, constraints and sequences of the public schema, history table excluded. */
export async function catalog(q: Query): Promise<Record<string, unknown[]>> {
  const exclude = 'migrationlint_history';
  return {
    columns: await q(
      `SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, coalesce(column_default, '')::text AS column_default, is_identity::text
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1 ORDER BY 1, 2`,
      [exclude],
    ),
    indexes: await q(
      `SELECT t.relname::text AS tbl, c.relname::text AS idx, pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relnamespace = 'public'::regnamespace AND t.relname <> $1 ORDER BY 1, 2`,
      [exclude],
    ),
    constraints: await q(
      `SELECT t.relname::text AS tbl, con.conname::text AS name, con.contype::text AS type, pg_get_constraintdef(con.oid) AS def, con.convalidated AS validated
         FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
        WHERE con.connamespace = 'public'::regnamespace AND t.relname <> $1 ORDER BY 1, 2`,
      [exclude],
    ),
    relations: await q(
      `SELECT relname::text AS name, relkind::text AS kind FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relname NOT LIKE $1 || '%' ORDER BY 1`,
      [exclude],
    ),
    comments: await q(
      `SELECT c.relname::text AS rel, d.objsubid AS col, d.description AS text
         FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
        WHERE c.relnamespace = 'public'::regnamespace AND d.classoid = 'pg_class'::regclass ORDER BY 1, 2`,
    ),
  };
}

export async function historyRows(q: Query): Promise<Array<Record<string, unknown>>> {
  return q(
    `SELECT version, name, direction, status, execution_mode, statements_done, statements_total, error, applied_by, checksum, tool_version, duration_ms
       FROM public.migrationlint_history ORDER BY id`,
  );
}

export function cleanupDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
