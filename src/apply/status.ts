// status(): applied / pending / drifted / failed, read without taking the migration lock.
import type { Session } from './connect.js';
import { readHistory } from './history.js';
import { advisoryLockHeld } from './lock.js';
import { computeStatus, type MigrationStatus } from './plan.js';
import { classify, describeError, type EngineOptions, maybeConnect, prepare, type Prepared, release } from './prepare.js';
import { Redactor } from './redact.js';

export interface StatusReport {
  exitCode: 0 | 1 | 2;
  database: string;
  historyTable: string;
  /** Whether an apply is running right now (holds the migration lock); PostgreSQL only. */
  locked?: boolean;
  migrations: MigrationStatus[];
  counts: Record<MigrationStatus['state'], number>;
  error?: string;
}

function countStates(migrations: MigrationStatus[]): StatusReport['counts'] {
  const counts = { applied: 0, pending: 0, drifted: 0, failed: 0 };
  for (const m of migrations) counts[m.state]++;
  return counts;
}

/** Applied / pending / drifted / failed, for every migration of the set and every vanished one. */
export async function status(opts: EngineOptions): Promise<StatusReport> {
  let p: Prepared | undefined;
  let session: Session | undefined;
  const redactor = opts.redactor ?? new Redactor();
  try {
    p = await prepare({ ...opts, redactor });
    session = await maybeConnect(p, opts, true);
    const rows = session ? await readHistory(session.db, p.table) : [];
    const migrations = computeStatus(p.candidates, rows);
    const counts = countStates(migrations);
    const report: StatusReport = {
      // A deploy script gates on it: a failed (blocking or not) or drifted migration is exit 1.
      exitCode: counts.failed + counts.drifted > 0 ? 1 : 0,
      database: p.target.display,
      historyTable: p.table.display,
      migrations,
      counts,
    };
    if (session && session.db.kind === 'pg') report.locked = await advisoryLockHeld(session.lockDb, p.lockKey);
    return report;
  } catch (err) {
    const { exitCode, reason } = classify(err);
    const database = p?.target.display ?? 'unknown';
    return {
      exitCode,
      database,
      historyTable: p?.table.display ?? opts.config.apply.historyTable,
      migrations: [],
      counts: countStates([]),
      error: describeError(err, reason, database, redactor),
    };
  } finally {
    await release(undefined, session);
  }
}
