// liveReport(): what a live database holds — server, size, largest tables and indexes — and
// where its migrations stand (history with durations, pending, drifted, failed). Read only:
// no lock is taken, nothing is created.
import type { Session } from '../apply/connect.js';
import { readHistory, type HistoryRow } from '../apply/history.js';
import { computeStatus, type MigrationStatus } from '../apply/plan.js';
import { type EngineOptions, maybeConnect, prepare } from '../apply/prepare.js';
import { LARGEST_INDEXES_SQL, LARGEST_TABLES_SQL, SERVER_SQL } from './report-sql.js';

export interface TableSize {
  name: string;
  totalBytes: number;
  tableBytes: number;
  indexBytes: number;
  rowsEstimate: number;
}

export interface IndexSize {
  name: string;
  table: string;
  bytes: number;
  valid: boolean;
}

export interface LiveReport {
  database: string;
  /** Absent when the embedded database was not created yet. */
  server?: { version: string; database: string; sizeBytes: number };
  historyTable: string;
  largestTables: TableSize[];
  largestIndexes: IndexSize[];
  history: HistoryRow[];
  migrations: MigrationStatus[];
  pending: MigrationStatus[];
  drifted: MigrationStatus[];
  failed: MigrationStatus[];
}

export interface ReportOptions extends EngineOptions {
  /** How many tables and indexes to list (default 10). */
  top?: number;
}

async function sizes(session: Session, top: number): Promise<Pick<LiveReport, 'server' | 'largestTables' | 'largestIndexes'>> {
  const db = session.db;
  const [server] = await db.query<{ version: string; name: string; bytes: string }>(SERVER_SQL);
  const tables = await db.query<{ name: string; total_bytes: string; table_bytes: string; index_bytes: string; rows_estimate: string }>(LARGEST_TABLES_SQL, [top]);
  const indexes = await db.query<{ name: string; relation: string; bytes: string; valid: boolean }>(LARGEST_INDEXES_SQL, [top]);
  return {
    ...(server ? { server: { version: String(server.version).split(' ')[0]!, database: server.name, sizeBytes: Number(server.bytes) } } : {}),
    largestTables: tables.map((t) => ({ name: t.name, totalBytes: Number(t.total_bytes), tableBytes: Number(t.table_bytes), indexBytes: Number(t.index_bytes), rowsEstimate: Number(t.rows_estimate) })),
    largestIndexes: indexes.map((i) => ({ name: i.name, table: i.relation, bytes: Number(i.bytes), valid: i.valid === true })),
  };
}

export async function liveReport(opts: ReportOptions): Promise<LiveReport> {
  const p = await prepare(opts);
  const session = await maybeConnect(p, opts, true);
  try {
    const history = session ? await readHistory(session.db, p.table) : [];
    const migrations = computeStatus(p.candidates, history);
    const measured = session ? await sizes(session, opts.top ?? 10) : { largestTables: [], largestIndexes: [] };
    return {
      database: session ? p.target.display : `${p.target.display} (not created yet)`,
      historyTable: p.table.display,
      ...measured,
      history,
      migrations,
      pending: migrations.filter((m) => m.state === 'pending'),
      drifted: migrations.filter((m) => m.state === 'drifted'),
      failed: migrations.filter((m) => m.state === 'failed'),
    };
  } finally {
    await session?.close();
  }
}
