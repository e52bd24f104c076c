// Runs one migration section: in one transaction together with its history row, or statement
// by statement with progress recorded after each; lock timeouts (55P03) retried with backoff.
import type { Node } from '@pgsql/types';
import { type Db, LOCK_NOT_AVAILABLE, pgErrorFields } from './driver.js';
import { type ExecutionMode, finishRow, INTERRUPTED, insertRow, recordProgress, recordSchemaDiff, type TableName } from './history.js';
import { historyDiff, type SchemaTracker } from '../verify/apply-diff.js';
import type { Snapshot } from '../verify/snapshot.js';
import { ApplyError, refusal } from './errors.js';
import { errorMessage } from './redact.js';
import { transactionEffect } from '../facts/transaction.js';
import { dropIndexes, indexesOn, indexStatement, type IndexState, leftByBuild, unfinishedBuild } from './index-builds.js';
import { QUERY_CANCELED, RunControl, StopRequested } from './interrupt.js';

export interface ExecStatement {
  /** The statement's original text, sent as is. */
  text: string;
  node?: Node;
}

export interface SessionSettings {
  lockTimeout: string;
  statementTimeout: string;
}

export interface ExecuteInput {
  db: Db;
  table: TableName;
  version: string;
  name: string;
  checksum: string;
  direction: 'up' | 'down';
  mode: ExecutionMode;
  statements: readonly ExecStatement[];
  /** The run's schema snapshots, for the history row's schema_diff. */
  schema: SchemaTracker;
  /** Statement-by-statement only: resume at this index (the statement that failed before). */
  startAt?: number;
  settings: SessionSettings;
  /** Attempts after the first on lock timeout. */
  retries: number;
  /** First backoff delay; doubled after every retry (capped at 10 s). */
  backoffMs: number;
  toolVersion: string;
  redact: (s: string) => string;
  onRetry?: (r: { attempt: number; of: number; delayMs: number; statement?: number; error: string }) => void;
  onStatement?: (done: number, total: number) => void;
  /** Throws when the migration lock was lost: called before COMMIT and before each statement run on its own. */
  checkLock?: () => Promise<void>;
  /** Runs the statements and stops the run when asked (default: never asked). */
  control?: RunControl;
  /** Called with what was done about an INVALID index a failed build left (dropped before a retry). */
  onCleanup?: (message: string) => void;
}

export type ExecuteResult =
  | { ok: true; durationMs: number }
  | {
      ok: false;
      durationMs: number;
      /** Index of the failing statement (statements.length: the COMMIT). */
      statement: number;
      error: string;
      sqlState?: string;
      /** Statement-by-statement: where a retry resumes (0-based). */
      resumeAt: number;
      invalidIndexes: string[];
      /** INVALID indexes the failed statement left, dropped again. */
      droppedIndexes: string[];
      /** Set when the run stopped because it was asked to ('SIGINT' …). */
      interrupted?: string;
    };

/** Applies lock_timeout and statement_timeout to the session (parameterized). */
export async function applySettings(db: Db, s: SessionSettings): Promise<void> {
  await db.query("SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)", [
    s.lockTimeout,
    s.statementTimeout,
  ]);
}

export function backoffDelay(base: number, retry: number): number {
  return Math.min(base * 2 ** retry, 10_000);
}

/** One line with SQLSTATE, detail and hint, redacted. */
export function describeDbError(err: unknown, redact: (s: string) => string): { message: string; sqlState?: string } {
  const f = pgErrorFields(err);
  if (!f) return { message: redact(errorMessage(err)) };
  let message = `${f.message} (SQLSTATE ${f.code})`;
  if (f.detail) message += ` — ${f.detail}`;
  if (f.hint) message += ` — hint: ${f.hint}`;
  return { message: redact(message), ...(f.code ? { sqlState: f.code } : {}) };
}

export async function executeSection(input: ExecuteInput): Promise<ExecuteResult> {
  return input.mode === 'transaction' ? runInTransaction(input) : runStatements(input);
}

async function runInTransaction(input: ExecuteInput): Promise<ExecuteResult> {
  const { db, statements } = input;
  const control = input.control ?? new RunControl(undefined);
  const started = new Date();
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    let current = 0;
    try {
      await applySettings(db, input.settings);
      const before = await input.schema.current();
      await db.exec('BEGIN');
      for (; current < statements.length; current++) {
        control.throwIfStopped();
        await control.statement(db, statements[current]!.text);
      }
      // The row is written inside the transaction: what it records is what the run reports.
      const durationMs = Math.round(performance.now() - t0);
      const id = await insertRow(db, input.table, {
        version: input.version,
        name: input.name,
        checksum: input.checksum,
        direction: input.direction,
        status: input.direction === 'up' ? 'applied' : 'rolled_back',
        startedAt: started,
        finishedAt: new Date(),
        durationMs,
        executionMode: 'transaction',
        statementsDone: statements.length,
        statementsTotal: statements.length,
        toolVersion: input.toolVersion,
      });
      const after = await recordDiff(input, id, before, true);
      current = statements.length;
      // Without the lock another run may be applying this migration now: roll back instead.
      await input.checkLock?.();
      control.throwIfStopped();
      await db.exec('COMMIT');
      input.schema.settled(after);
      return { ok: true, durationMs };
    } catch (err) {
      // Rolled back: the schema is as it was before, unless the ROLLBACK itself failed.
      await db.exec('ROLLBACK').catch(() => input.schema.forget());
      if (err instanceof ApplyError) throw err;
      const stop = control.stopReason;
      const { message, sqlState } = describeDbError(err, input.redact);
      if (!stop && sqlState === LOCK_NOT_AVAILABLE && attempt < input.retries) {
        const delayMs = backoffDelay(input.backoffMs, attempt);
        input.onRetry?.({ attempt: attempt + 1, of: input.retries, delayMs, statement: current, error: message });
        await control.sleep(delayMs);
        continue;
      }
      const error = stop ? interruptedMessage(stop, current, statements.length, err, message) + '; rolled back' : withAttempts(message, sqlState, attempt);
      // Written after the rollback, so nothing of the migration remains but this row.
      await insertRow(db, input.table, {
        version: input.version,
        name: input.name,
        checksum: input.checksum,
        direction: input.direction,
        status: 'failed',
        startedAt: started,
        finishedAt: new Date(),
        durationMs: performance.now() - t0,
        executionMode: 'transaction',
        statementsDone: current,
        statementsTotal: statements.length,
        error,
        toolVersion: input.toolVersion,
      });
      return {
        ok: false,
        durationMs: performance.now() - t0,
        statement: current,
        error,
        ...(sqlState && !(err instanceof StopRequested) ? { sqlState } : {}),
        resumeAt: 0,
        invalidIndexes: [],
        droppedIndexes: [],
        ...(stop ? { interrupted: stop } : {}),
      };
    }
  }
}

/** Why a run asked to stop ended where it did. */
function interruptedMessage(stop: string, statement: number, total: number, err: unknown, message: string): string {
  if (err instanceof StopRequested) return statement < total ? `interrupted by ${stop} before statement ${statement + 1} ran` : `interrupted by ${stop} before COMMIT`;
  if (pgErrorFields(err)?.code === QUERY_CANCELED) return `interrupted by ${stop}: statement ${statement + 1} was cancelled on the server (${message})`;
  return `interrupted by ${stop}; statement ${statement + 1} failed: ${message}`;
}

interface Failure {
  message: string;
  sqlState?: string;
  /** A build that returned without a usable index: running it again would not help. */
  final?: boolean;
  err?: unknown;
}

async function runStatements(input: ExecuteInput): Promise<ExecuteResult> {
  const { db, statements, table } = input;
  const control = input.control ?? new RunControl(undefined);
  const started = new Date();
  const t0 = performance.now();
  const startAt = input.startAt ?? 0;
  const retryCommand = `migrationlint ${input.direction === 'up' ? 'apply' : 'down'} --retry-failed`;
  await applySettings(db, input.settings);
  // Inserted as failed: if the process dies half-way, the row already blocks later applies.
  const id = await insertRow(db, table, {
    version: input.version,
    name: input.name,
    checksum: input.checksum,
    direction: input.direction,
    status: 'failed',
    startedAt: started,
    executionMode: 'statements',
    statementsDone: startAt,
    statementsTotal: statements.length,
    error: INTERRUPTED,
    toolVersion: input.toolVersion,
  });
  // The schema before the migration (not known when resuming half-way).
  const before = startAt === 0 ? await input.schema.current() : undefined;
  /** Index of the BEGIN of the explicit transaction block we are in, if any. */
  let blockStart: number | undefined;
  for (let i = startAt; i < statements.length; i++) {
    const stmt = statements[i]!;
    // Stops with the row still 'failed' at this statement (the next run resumes here).
    await input.checkLock?.();
    const index = indexStatement(stmt.node);
    const build = index?.kind === 'create' ? index : undefined;
    /** INVALID indexes this statement's attempts left and that could not be dropped yet. */
    let leftovers: string[] = [];
    const dropped: string[] = [];
    let lastFailure: Failure | undefined;
    const cleanUp = async () => {
      const c = await dropIndexes(db, leftovers, (e) => describeDbError(e, input.redact));
      dropped.push(...c.dropped);
      leftovers = c.kept.map((k) => k.name);
      for (const name of c.dropped) input.onCleanup?.(`dropped the INVALID index ${name} that statement ${i + 1} left (DROP INDEX CONCURRENTLY IF EXISTS)`);
    };
    for (let attempt = 0; ; attempt++) {
      let failure: Failure | undefined;
      if (leftovers.length > 0) await cleanUp();
      // Still there: neither a build without IF NOT EXISTS (42P07) nor one with it (which would pass over it) can run.
      if (leftovers.length > 0) failure = lastFailure ?? { message: `INVALID index ${leftovers.join(', ')} is in the way` };
      else {
        let indexesBefore: IndexState[] = [];
        try {
          control.throwIfStopped();
          if (build) indexesBefore = await indexesOn(db, build.table);
          await control.statement(db, stmt.text);
          const unfinished = build ? await unfinishedBuild(db, build, indexesBefore, retryCommand) : undefined;
          if (unfinished) failure = { message: unfinished, final: true };
        } catch (err) {
          if (err instanceof ApplyError) throw err;
          failure = { ...describeDbError(err, input.redact), err };
          if (blockStart !== undefined) await db.exec('ROLLBACK').catch(() => undefined);
          if (build) {
            const left = await leftByBuild(db, build, indexesBefore).catch((): IndexState[] => []);
            leftovers = [...new Set([...leftovers, ...left.map((l) => l.name)])];
          }
          if (leftovers.length > 0) await cleanUp();
        }
      }
      if (!failure) break;
      lastFailure = failure;
      const stop = control.stopReason;
      if (!stop && !failure.final && failure.sqlState === LOCK_NOT_AVAILABLE && attempt < input.retries && blockStart === undefined) {
        const delayMs = backoffDelay(input.backoffMs, attempt);
        input.onRetry?.({ attempt: attempt + 1, of: input.retries, delayMs, statement: i, error: failure.message });
        await control.sleep(delayMs);
        continue;
      }
      // A failure inside an explicit BEGIN … COMMIT undid the whole block: resume at its BEGIN.
      const resumeAt = blockStart ?? i;
      let error = stop ? interruptedMessage(stop, i, statements.length, failure.err, failure.message) : withAttempts(failure.message, failure.sqlState, attempt);
      if (dropped.length > 0) error += `; dropped the INVALID index ${dropped.join(', ')} it left`;
      if (leftovers.length > 0) error += `; it left the INVALID index ${leftovers.join(', ')}, which could not be dropped now: \`${retryCommand}\` drops it before running the statement again`;
      await finishRow(db, table, id, {
        status: 'failed',
        finishedAt: new Date(),
        durationMs: performance.now() - t0,
        statementsDone: resumeAt,
        error,
      });
      input.schema.settled(await recordDiff(input, id, before, false));
      return {
        ok: false,
        durationMs: performance.now() - t0,
        statement: i,
        error,
        ...(failure.sqlState ? { sqlState: failure.sqlState } : {}),
        resumeAt,
        invalidIndexes: await invalidIndexes(db),
        droppedIndexes: dropped,
        ...(stop ? { interrupted: stop } : {}),
      };
    }
    const effect = stmt.node ? transactionEffect(stmt.node) : null;
    if (effect === 'begin') blockStart = i;
    else if (effect === 'end') blockStart = undefined;
    await recordProgress(db, table, id, i + 1);
    input.onStatement?.(i + 1, statements.length);
  }
  const durationMs = Math.round(performance.now() - t0);
  await finishRow(db, table, id, {
    status: input.direction === 'up' ? 'applied' : 'rolled_back',
    finishedAt: new Date(),
    durationMs,
    statementsDone: statements.length,
    error: null,
  });
  input.schema.settled(await recordDiff(input, id, before, false));
  return { ok: true, durationMs };
}

/** Reads the schema after the migration and stores what changed in its row; returns that schema. */
async function recordDiff(input: ExecuteInput, id: number, before: Snapshot | undefined, inTransaction: boolean): Promise<Snapshot | undefined> {
  const after = await input.schema.after(before, inTransaction);
  await recordSchemaDiff(input.db, input.table, id, historyDiff(before, after));
  return after;
}

function withAttempts(message: string, sqlState: string | undefined, retriesDone: number): string {
  return sqlState === LOCK_NOT_AVAILABLE && retriesDone > 0 ? `${message} (gave up after ${retriesDone + 1} attempts)` : message;
}


/** Indexes a failed CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) left INVALID. */
export async function invalidIndexes(db: Db): Promise<string[]> {
  try {
    const rows = await db.query<{ idx: string; tbl: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS idx, format('%I.%I', tn.nspname, t.relname) AS tbl
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE NOT i.indisvalid
        ORDER BY 1`,
    );
    return rows.map((r) => `${r.idx} on ${r.tbl}`);
  } catch {
    return [];
  }
}

/**
 * Before resuming at a CREATE INDEX CONCURRENTLY: the INVALID index an earlier attempt of that
 * very statement left (a kill, a cancel, a failed drop) is dropped first, since the build would
 * fail on it (42P07) or, with IF NOT EXISTS, pass over it. Returns the indexes dropped.
 */
export async function clearResumedBuild(db: Db, statement: ExecStatement | undefined, redact: (s: string) => string, migration: string): Promise<string[]> {
  const build = indexStatement(statement?.node);
  if (build?.kind !== 'create') return [];
  const invalid = (await indexesOn(db, build.table)).filter((i) => !i.valid && (build.index === undefined || i.relname === build.index));
  if (invalid.length === 0) return [];
  if (build.index === undefined) {
    throw refusal(
      `Refusing to resume ${migration}: its unnamed CREATE INDEX CONCURRENTLY may have left INVALID indexes on its table: ${invalid.map((i) => i.name).join(', ')}. Drop the one it left (DROP INDEX CONCURRENTLY …), then run again.`,
      'failed-migration',
    );
  }
  const c = await dropIndexes(db, invalid.map((i) => i.name), (e) => describeDbError(e, redact));
  const kept = c.kept[0];
  if (kept) {
    throw refusal(`Refusing to resume ${migration}: could not drop the INVALID index ${kept.name} its interrupted build left: ${kept.error}. Run again when the table is free, or drop it yourself (DROP INDEX CONCURRENTLY IF EXISTS ${kept.name}).`, 'failed-migration');
  }
  return c.dropped;
}
