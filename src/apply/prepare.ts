// What every command does before it runs anything: lint the set, find the database, connect,
// take the migration lock; and how anything thrown becomes an exit code and a message.
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ResolvedConfig } from '../config.js';
import type { AnalysedStatement, LintResult, MigrationAnalysis } from '../lint.js';
import { ormRefusal } from '../hosts/section.js';
import { rewrittenRefusal } from '../runners/preprocess/refusal.js';
import { lint } from '../lint.js';
import { migrationChecksum, upChecksum } from './checksum.js';
import { type DbTarget, openSession, pgliteInitialized, resolveTarget, type Session } from './connect.js';
import { pgErrorFields } from './driver.js';
import { ApplyError, refusal, type RefusalReason, usageError } from './errors.js';
import type { ApplyEvent } from './events.js';
import { applySettings } from './execute.js';
import { parseTableName, type TableName } from './history.js';
import { acquireAdvisoryLock, advisoryLockKey, type HeldLock } from './lock.js';
import { migrationSessionName, waitForLeftovers } from './leftover.js';
import { reconcileInterrupted } from './reconcile.js';
import { duplicateVersions, type PlanInput } from './plan.js';
import { Redactor } from './redact.js';
import { readServerVersion } from './server-version.js';

export interface EngineOptions {
  cwd: string;
  config: ResolvedConfig;
  /** --database-url; default: the variable `apply.databaseUrlEnv` names, else embedded PGlite. */
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** Run against this PGlite instance (the caller keeps it and closes it). */
  pglite?: PGlite;
  onEvent?: (event: ApplyEvent) => void;
  /** Seconds to wait for another run's lock (default: config apply.lockWait). */
  lockWait?: number;
  /** First delay before retrying after a lock timeout, in ms (default 500, doubled each retry). */
  retryBackoffMs?: number;
  /** The lock a statement takes, for the dry-run plan (default: from the linter's lock facts; "unknown" without them). */
  lockOf?: (statement: AnalysedStatement) => string | undefined;
  /** Masks passwords; pass one to share it with the caller's output. */
  redactor?: Redactor;
  /**
   * Aborted (reason: 'SIGINT', 'SIGTERM' …) to stop the run: the running statement is
   * cancelled on the server, its outcome recorded, and nothing after it starts.
   */
  signal?: AbortSignal;
}

export interface Candidate extends PlanInput {
  analysis: MigrationAnalysis;
}

/** Everything a command needs before touching the database. */
export interface Prepared {
  redactor: Redactor;
  target: DbTarget;
  table: TableName;
  lockKey: string;
  result: LintResult;
  candidates: Candidate[];
}

export async function prepare(opts: EngineOptions): Promise<Prepared> {
  const redactor = opts.redactor ?? new Redactor();
  const target: DbTarget = opts.pglite
    ? { kind: 'pglite-instance', pglite: opts.pglite, display: 'PGlite (in-process instance)' }
    : resolveTarget({ ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}), env: opts.env ?? process.env, apply: opts.config.apply, configDir: opts.config.dir }, redactor);
  let table: TableName;
  try {
    table = parseTableName(opts.config.apply.historyTable);
  } catch (err) {
    throw usageError(`apply.historyTable: ${(err as Error).message}`);
  }
  const result = await lint({ cwd: opts.cwd, config: opts.config });
  const orm = ormRefusal(result.set.migrations, (f) => result.set.files.get(f)?.relPath ?? f);
  if (orm) throw usageError(orm);
  const rewritten = rewrittenRefusal(result.set.migrations, result.set.files);
  if (rewritten) throw usageError(rewritten);
  const candidates: Candidate[] = result.migrations.map((analysis) => {
    const m = analysis.migration;
    return {
      analysis,
      version: m.version,
      name: m.name,
      checksum: migrationChecksum(result.set, m),
      upChecksum: upChecksum(m),
      hasDown: m.down !== undefined,
      file: result.set.files.get(m.up.file)?.relPath ?? path.relative(opts.cwd, m.up.file),
    };
  });
  const dups = duplicateVersions(candidates);
  if (dups.length > 0) {
    const lines = dups.map((v) => `  ${v}: ${candidates.filter((c) => c.version === v).map((c) => c.file).join(', ')}`);
    throw refusal(`Several migrations share a version; the history is keyed by version:\n${lines.join('\n')}`, 'duplicate-version');
  }
  return { redactor, target, table, lockKey: advisoryLockKey(table.display), result, candidates };
}

export function lockWaitOf(opts: EngineOptions): number {
  return opts.lockWait ?? opts.config.apply.lockWait;
}

export async function connect(p: Prepared, opts: EngineOptions): Promise<Session> {
  const waitSeconds = lockWaitOf(opts);
  try {
    const session = await openSession(p.target, {
      applicationName: migrationSessionName(p.table),
      fileLock: { waitSeconds, onWait: (holder) => opts.onEvent?.({ type: 'lock-wait', holder, waitSeconds }), ...(opts.signal ? { signal: opts.signal } : {}) },
      onCreate: (dataDir) => opts.onEvent?.({ type: 'info', message: `creating the embedded PGlite database in ${dataDir} (first run only: a few seconds)` }),
    });
    session.server = await readServerVersion(session.db).catch(async (err: unknown) => {
      await session.close();
      throw err;
    });
    opts.onEvent?.({ type: 'connect', database: p.target.display, embedded: p.target.kind !== 'pg', server: session.server.text });
    return session;
  } catch (err) {
    if (err instanceof ApplyError) throw err;
    throw new ApplyError(`Cannot connect to ${p.target.display}: ${p.redactor.message(err)}`, 1, 'connection');
  }
}

/** Opens the session (or none, for a dry run on an embedded database not created yet). */
export async function maybeConnect(p: Prepared, opts: EngineOptions, dryRun: boolean): Promise<Session | undefined> {
  if (dryRun && p.target.kind === 'pglite' && !pgliteInitialized(p.target.dataDir)) {
    opts.onEvent?.({ type: 'connect', database: `${p.target.display} (not created yet)`, embedded: true });
    return undefined;
  }
  return connect(p, opts);
}

export async function lockMigrations(p: Prepared, s: Session, opts: EngineOptions): Promise<HeldLock> {
  const waitSeconds = lockWaitOf(opts);
  const onWait = (holder: string) => opts.onEvent?.({ type: 'lock-wait', holder: p.redactor.redact(holder), waitSeconds });
  const wait = { waitSeconds, onWait, ...(opts.signal ? { signal: opts.signal } : {}) };
  const lock = await acquireAdvisoryLock(s.lockDb, p.lockKey, wait);
  try {
    if (s.lockDb.kind === 'pg') await waitForLeftovers(s.lockDb, s.db, p.table, wait);
    // Only now is the history final: what an interrupted run's last statement did is known.
    await reconcileInterrupted(s.db, p.table, p.candidates, (message) => opts.onEvent?.({ type: 'info', message }));
  } catch (err) {
    await lock.release().catch(() => undefined);
    throw err;
  }
  return lock;
}

export async function checkSettings(s: Session, opts: EngineOptions): Promise<void> {
  try {
    await applySettings(s.db, { lockTimeout: opts.config.apply.lockTimeout, statementTimeout: opts.config.apply.statementTimeout });
  } catch (err) {
    if (pgErrorFields(err)?.code === '22023') {
      throw usageError(`apply.lockTimeout / apply.statementTimeout: ${(err as Error).message} (use e.g. "5s", "500ms", "1min" or "0")`);
    }
    throw err;
  }
}

export function findIndex(p: Prepared, version: string, flag: string): number {
  const i = p.candidates.findIndex((c) => c.version === version);
  if (i < 0) throw usageError(`${flag} ${version}: no migration with that version in the set`);
  return i;
}

export async function release(lock: HeldLock | undefined, session: Session | undefined): Promise<void> {
  if (lock) await lock.release().catch(() => undefined);
  if (session) await session.close().catch(() => undefined);
}

/** Exit code and reason for anything thrown. */
export function classify(err: unknown): { exitCode: 1 | 2; reason: RefusalReason } {
  if (err instanceof ApplyError) return { exitCode: err.exitCode, reason: err.reason };
  const name = err instanceof Error ? err.name : '';
  if (name === 'ConfigError' || name === 'DiscoveryError') return { exitCode: 2, reason: 'usage' };
  // A database or network error (lost connection …) is a failure; anything else is a bug.
  const code = (err as { code?: unknown } | null)?.code;
  if (pgErrorFields(err) || typeof code === 'string') return { exitCode: 1, reason: 'connection' };
  return { exitCode: 2, reason: 'internal' };
}

export function describeError(err: unknown, reason: RefusalReason, database: string, redactor: Redactor): string {
  if (reason === 'connection' && !(err instanceof ApplyError)) return `${database}: ${redactor.message(err)}`;
  if (reason === 'internal') return `internal error: ${redactor.message(err)}`;
  return redactor.message(err);
}
