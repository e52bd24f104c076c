// resolve(): record a manual fix of a failed or drifted migration in the history.
import { VERSION } from '../version.js';
import type { Session } from './connect.js';
import { refusal, usageError } from './errors.js';
import { ensureHistory, insertRow, readHistory } from './history.js';
import type { HeldLock } from './lock.js';
import { computeStatus } from './plan.js';
import { classify, connect, describeError, type EngineOptions, lockMigrations, prepare, type Prepared, release } from './prepare.js';
import { Redactor } from './redact.js';

export interface ResolveOptions extends EngineOptions {
  version: string;
  /** Record the migration as applied (finished by hand) instead of rolled back (cleaned up). */
  markApplied?: boolean;
}

export interface ResolveOutcome {
  exitCode: 0 | 1 | 2;
  database: string;
  message: string;
}

/**
 * Records a manual fix: a migration that failed half-way (statement by statement) is marked
 * rolled back (cleaned up) or applied (`markApplied`: finished by hand); a drifted migration
 * is accepted as its file is now, or forgotten when its file is gone.
 */
export async function resolve(opts: ResolveOptions): Promise<ResolveOutcome> {
  let p: Prepared | undefined;
  let session: Session | undefined;
  let lock: HeldLock | undefined;
  const redactor = opts.redactor ?? new Redactor();
  try {
    p = await prepare({ ...opts, redactor });
    session = await connect(p, opts);
    lock = await lockMigrations(p, session, opts);
    const rows = await readHistory(session.db, p.table);
    const st = computeStatus(p.candidates, rows).find((s) => s.version === opts.version);
    if (!st) throw usageError(`resolve ${opts.version}: no migration with that version in the set or the history`);
    const candidate = p.candidates.find((c) => c.version === opts.version);
    const last = [...rows].reverse().find((r) => r.version === opts.version);
    if (opts.signal?.aborted) throw refusal(`interrupted by ${String(opts.signal.reason)} before recording anything`, 'interrupted');
    const now = new Date();
    const base = {
      version: st.version,
      name: st.name,
      direction: 'resolve' as const,
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      executionMode: last?.executionMode ?? ('transaction' as const),
      statementsTotal: last?.statementsTotal ?? 0,
      toolVersion: VERSION,
    };
    let message: string;
    if (st.failure?.blocking) {
      const status = opts.markApplied ? 'applied' : 'rolled_back';
      await ensureHistory(session.db, p.table);
      await insertRow(session.db, p.table, {
        ...base,
        checksum: candidate?.checksum ?? st.failure.checksum,
        status,
        statementsDone: opts.markApplied ? (last?.statementsTotal ?? 0) : 0,
        error: `resolved by hand after: ${st.failure.error}`,
      });
      message = opts.markApplied
        ? `${st.version} ${st.name} is now recorded as applied.`
        : `${st.version} ${st.name} is now recorded as not applied; the next apply runs it from its first statement.`;
    } else if (st.state === 'drifted' && st.drift === 'changed' && candidate) {
      await insertRow(session.db, p.table, { ...base, checksum: candidate.checksum, status: 'applied', statementsDone: last?.statementsDone ?? 0, error: 'resolved: accepted the changed file' });
      message = `${st.version} ${st.name}: accepted ${candidate.file} as it is now (new checksum recorded).`;
    } else if (st.state === 'drifted' && st.drift === 'vanished') {
      await insertRow(session.db, p.table, { ...base, checksum: last?.checksum ?? '', status: 'rolled_back', statementsDone: 0, error: 'resolved: the file is gone; forgotten' });
      message = `${st.version} ${st.name}: its file is gone; the history no longer counts it as applied (its schema changes, if any, remain).`;
    } else {
      throw refusal(`resolve ${opts.version}: ${st.version} ${st.name} is ${st.state}; only a migration that failed statement by statement, or a drifted one, needs resolving.`, 'nothing-to-resolve');
    }
    return { exitCode: 0, database: p.target.display, message };
  } catch (err) {
    const { exitCode, reason } = classify(err);
    const database = p?.target.display ?? 'unknown';
    return { exitCode, database, message: describeError(err, reason, database, redactor) };
  } finally {
    await release(lock, session);
  }
}
