// The history table: its DDL, and every read and write of it, all parameterized.
import type { Db } from './driver.js';

export type HistoryStatus = 'applied' | 'failed' | 'rolled_back';
/** The error of a statement-by-statement row until its run finishes: a row still saying so after the run is gone was interrupted. */
export const INTERRUPTED = 'interrupted: the run stopped before this migration finished';
export type Direction = 'up' | 'down' | 'resolve';
/** 'transaction': one transaction with its history row; 'statements': one statement at a time. */
export type ExecutionMode = 'transaction' | 'statements';

export interface HistoryRow {
  id: number;
  version: string;
  name: string;
  checksum: string;
  direction: Direction;
  status: HistoryStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  appliedBy: string;
  executionMode: ExecutionMode;
  statementsDone: number;
  statementsTotal: number;
  error: string | null;
  toolVersion: string;
  /** sha256 of the up alone (tables made before it, and rows written before it: null). */
  upChecksum?: string | null;
}

export interface TableName {
  schema: string;
  table: string;
  /** Quoted, schema-qualified: "public"."migrationlint_history". */
  sql: string;
  /** Unquoted, as shown to users and hashed into the lock key: public.migrationlint_history. */
  display: string;
}

/**
 * Parses the configured history table (`name` or `schema.name`, validated by the config
 * schema). Unquoted SQL identifiers fold to lower case, and so do these.
 */
export function parseTableName(configured: string): TableName {
  const parts = configured.split('.');
  const [schema, table] = parts.length === 2 ? [parts[0], parts[1]] : ['public', parts[0]];
  const ident = (s: string) => {
    const folded = s.toLowerCase();
    if (!/^[a-z_][a-z0-9_]*$/.test(folded)) throw new Error(`invalid identifier in history table name: ${configured}`);
    return folded;
  };
  const s = ident(schema ?? '');
  const t = ident(table ?? '');
  return { schema: s, table: t, sql: `"${s}"."${t}"`, display: `${s}.${t}` };
}

/** The table and its index (the schema is created separately, only when missing). */
export function historyDdl(t: TableName): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${t.sql} (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version          text NOT NULL,
  name             text NOT NULL,
  checksum         text NOT NULL,
  direction        text NOT NULL CHECK (direction IN ('up', 'down', 'resolve')),
  status           text NOT NULL CHECK (status IN ('applied', 'failed', 'rolled_back')),
  started_at       timestamptz NOT NULL,
  finished_at      timestamptz,
  duration_ms      integer,
  applied_by       text NOT NULL DEFAULT current_user,
  execution_mode   text NOT NULL CHECK (execution_mode IN ('transaction', 'statements')),
  statements_done  integer NOT NULL DEFAULT 0,
  statements_total integer NOT NULL,
  error            text,
  tool_version     text NOT NULL
)`,
    `CREATE INDEX IF NOT EXISTS "${t.table}_version_idx" ON ${t.sql} (version, id)`,
  ];
}

export async function historyExists(db: Db, t: TableName): Promise<boolean> {
  const rows = await db.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [t.sql]);
  return rows[0]?.oid != null;
}

/** Creates the table on first use (call it while holding the migration lock). */
export async function ensureHistory(db: Db, t: TableName): Promise<void> {
  if (await historyExists(db, t)) {
    schemaDiffColumn.set(db, await ensureSchemaDiffColumn(db, t));
    upChecksumColumn.set(db, await ensureColumn(db, t, 'up_checksum', 'text'));
    return;
  }
  // CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege on the database even when the
  // schema exists: ask first, so a role without it can still use an existing schema.
  const schema = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [t.schema]);
  if (schema.length === 0) await db.exec(`CREATE SCHEMA "${t.schema}"`);
  for (const stmt of historyDdl(t)) await db.exec(stmt);
  schemaDiffColumn.set(db, await ensureSchemaDiffColumn(db, t));
  upChecksumColumn.set(db, await ensureColumn(db, t, 'up_checksum', 'text'));
}

/** Per session: whether the history table has the schema_diff column (tables made before it may not). */
const schemaDiffColumn = new WeakMap<Db, boolean>();

/**
 * Adds the nullable schema_diff column to a history table made by an older version; false when
 * that is not possible (a role that may insert rows but not alter the table): diffs are then not recorded.
 */
async function ensureSchemaDiffColumn(db: Db, t: TableName): Promise<boolean> {
  return ensureColumn(db, t, 'schema_diff', 'jsonb');
}

/** Adds a nullable column a table made by an older version lacks; false when the role may not. */
async function ensureColumn(db: Db, t: TableName, column: string, type: string): Promise<boolean> {
  const has = async () =>
    (await db.query('SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped', [t.sql, column])).length > 0;
  if (await has()) return true;
  try {
    await db.exec(`ALTER TABLE ${t.sql} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
  } catch {
    return false;
  }
  return has();
}

/** Per session: whether the history table has the up_checksum column. */
const upChecksumColumn = new WeakMap<Db, boolean>();

/**
 * Stores the checksum of the up alone in the row that applied `version`, so that a down file
 * deleted later is told apart from a changed up (a missing down, not drift).
 */
export async function recordUpChecksum(db: Db, t: TableName, version: string, upChecksum: string): Promise<void> {
  if (upChecksumColumn.get(db) !== true) return;
  await db.query(
    `UPDATE ${t.sql} SET up_checksum = $2 WHERE id = (SELECT max(id) FROM ${t.sql} WHERE version = $1 AND status = 'applied' AND direction = 'up')`,
    [version, upChecksum],
  );
}

/** Whether the session's history table can hold schema diffs (known after ensureHistory). */
export const recordsSchemaDiff = (db: Db): boolean => schemaDiffColumn.get(db) === true;

/** Stores the schema diff of a migration run in its row (when the table has the column). */
export async function recordSchemaDiff(db: Db, t: TableName, id: number, diff: unknown): Promise<void> {
  if (diff === undefined || !recordsSchemaDiff(db)) return;
  await db.query(`UPDATE ${t.sql} SET schema_diff = $2::jsonb WHERE id = $1::bigint`, [id, JSON.stringify(diff)]);
}

const SELECT_COLUMNS = `
  id::int AS id, version, name, checksum, direction, status,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at,
  duration_ms, applied_by, execution_mode, statements_done, statements_total, error, tool_version`;

interface RawRow {
  id: number;
  version: string;
  name: string;
  checksum: string;
  direction: Direction;
  status: HistoryStatus;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  applied_by: string;
  execution_mode: ExecutionMode;
  statements_done: number;
  statements_total: number;
  error: string | null;
  tool_version: string;
  up_checksum: string | null;
  [key: string]: unknown;
}

function toRow(r: RawRow): HistoryRow {
  return {
    id: Number(r.id),
    version: r.version,
    name: r.name,
    checksum: r.checksum,
    direction: r.direction,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    appliedBy: r.applied_by,
    executionMode: r.execution_mode,
    statementsDone: Number(r.statements_done),
    statementsTotal: Number(r.statements_total),
    error: r.error,
    toolVersion: r.tool_version,
    upChecksum: r.up_checksum ?? null,
  };
}

/** Every row, oldest first; an empty list when the table does not exist yet. */
export async function readHistory(db: Db, t: TableName): Promise<HistoryRow[]> {
  if (!(await historyExists(db, t))) return [];
  // to_jsonb: reads up_checksum whether or not the table has the column yet.
  const rows = await db.query<RawRow>(`SELECT ${SELECT_COLUMNS}, to_jsonb(h) ->> 'up_checksum' AS up_checksum FROM ${t.sql} h ORDER BY id`);
  return rows.map(toRow);
}

export interface NewRow {
  version: string;
  name: string;
  checksum: string;
  direction: Direction;
  status: HistoryStatus;
  startedAt: Date;
  finishedAt?: Date;
  durationMs?: number;
  executionMode: ExecutionMode;
  statementsDone: number;
  statementsTotal: number;
  error?: string;
  toolVersion: string;
}

/** Inserts a row (applied_by = current_user) and returns its id. */
export async function insertRow(db: Db, t: TableName, row: NewRow): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO ${t.sql} (version, name, checksum, direction, status, started_at, finished_at, duration_ms,
                           applied_by, execution_mode, statements_done, statements_total, error, tool_version)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::int, current_user, $9, $10::int, $11::int, $12, $13)
     RETURNING id::int AS id`,
    [
      row.version,
      row.name,
      row.checksum,
      row.direction,
      row.status,
      row.startedAt.toISOString(),
      row.finishedAt ? row.finishedAt.toISOString() : null,
      row.durationMs === undefined ? null : Math.round(row.durationMs),
      row.executionMode,
      row.statementsDone,
      row.statementsTotal,
      row.error ?? null,
      row.toolVersion,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT … RETURNING returned no row');
  return Number(id);
}

/** Records that statement `done` of a statement-by-statement run has finished. */
export async function recordProgress(db: Db, t: TableName, id: number, done: number): Promise<void> {
  await db.query(`UPDATE ${t.sql} SET statements_done = $2::int WHERE id = $1::bigint`, [id, done]);
}

export async function finishRow(
  db: Db,
  t: TableName,
  id: number,
  fields: { status: HistoryStatus; finishedAt: Date; durationMs: number; statementsDone: number; error: string | null },
): Promise<void> {
  await db.query(
    `UPDATE ${t.sql}
        SET status = $2, finished_at = $3::timestamptz, duration_ms = $4::int, statements_done = $5::int, error = $6
      WHERE id = $1::bigint`,
    [id, fields.status, fields.finishedAt.toISOString(), Math.round(fields.durationMs), fields.statementsDone, fields.error],
  );
}
