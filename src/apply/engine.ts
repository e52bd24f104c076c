// apply() and down(): lint, connect, lock, plan, run. Values in, values out: progress goes to
// the onEvent callback, never to stdout. status() and resolve() live beside them.
import path from 'node:path';
import { SchemaTracker } from '../verify/apply-diff.js';
import type { VerifyHook } from '../verify/apply-gate.js';
import { VERSION } from '../version.js';
import { runBackup } from './backup.js';
import { checkBackupSpace } from './backup-space.js';
import { resetSession } from './clean-session.js';
import { refuseOlderServer } from './server-version.js';
import { describeLocks } from './describe-locks.js';
import type { Session } from './connect.js';
import { pgliteInitialized } from './connect.js';
import { refusal, usageError } from './errors.js';
import type { ApplyEvent, Direction } from './events.js';
import { clearResumedBuild, executeSection } from './execute.js';
import { interruptedAt, interruptedEvent, migrationNames, RunControl, stopIfAsked } from './interrupt.js';
import { gate, type GateSection } from './gate.js';
import { ensureHistory, readHistory, recordsSchemaDiff, recordUpChecksum, type HistoryRow } from './history.js';
import { holdMigrationSession, migrationSessionName } from './leftover.js';
import type { HeldLock } from './lock.js';
import {
  type Candidate,
  checkSettings,
  type EngineOptions,
  findIndex,
  lockMigrations,
  maybeConnect,
  prepare,
  type Prepared,
  release,
} from './prepare.js';
import { Redactor } from './redact.js';
import { emptyOutcome, failOutcome, type RunOutcome } from './outcome.js';
import { loadState, statusMap } from './load-state.js';
import { executionMode, planEntry } from './plan-entry.js';

export type { RefusalReason } from './errors.js';
export type { RunOutcome } from './outcome.js';
export type { EngineOptions } from './prepare.js';
export { status, type StatusReport } from './status.js';
export { resolve, type ResolveOptions, type ResolveOutcome } from './resolve.js';

export interface ApplyOptions extends EngineOptions {
  /** Apply up to and including this version. */
  to?: string;
  dryRun?: boolean;
  /** Resume a failed statement-by-statement migration at the statement that failed. */
  retryFailed?: boolean;
  /** Run pg_dump -Fc into a timestamped file in this directory first. */
  backupDir?: string;
  /** `apply --verify`: prove the pending migrations on a throwaway database first (src/verify/apply-gate.ts). */
  verify?: VerifyHook;
}

export interface DownOptions extends EngineOptions {
  /** Roll back this many applied migrations (default 1). */
  steps?: number;
  /** Roll back every migration applied after this version (it stays applied). */
  to?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
}

const DEFAULT_BACKOFF_MS = 500;

interface Selected {
  candidate: Candidate;
  resumeAt?: number;
  outOfOrder?: boolean;
}

function runGate(p: Prepared, out: RunOutcome, run: GateSection[], includeStray: boolean, opts: EngineOptions): void {
  const g = gate(p.result, run, { includeStrayFiles: includeStray });
  out.findings = g.findings;
  opts.onEvent?.({ type: 'lint', migrations: run.length, errors: g.errors, warnings: g.warnings, findings: g.findings, files: p.result.set.files });
  if (g.errors > 0) {
    const msg = `Refusing to run: ${g.errors} lint error${g.errors === 1 ? '' : 's'} in the migrations about to run; nothing was executed. Fix them, or suppress a finding with a reason (-- migrationlint-ignore RULE -- why).`;
    throw refusal(msg, 'lint');
  }
}

async function execute(
  p: Prepared,
  s: Session,
  opts: EngineOptions,
  out: RunOutcome,
  selected: Selected[],
  direction: Direction,
  lock: HeldLock,
  control: RunControl,
): Promise<void> {
  await ensureHistory(s.db, p.table);
  const schema = new SchemaTracker(s.db, p.table.display, opts.config.apply.schemaDiff && recordsSchemaDiff(s.db));
  const started = performance.now();
  for (const [i, sel] of selected.entries()) {
    const c = sel.candidate;
    if (stopIfAsked(control, out, direction, `${c.version} ${c.name}`, opts)) return;
    const section = (direction === 'up' ? c.analysis.up : c.analysis.down)!;
    const mode = executionMode(section);
    const total = selected.length;
    if (s.db.kind === 'pg') await holdMigrationSession(s.db, p.table);
    if (sel.resumeAt !== undefined) {
      const dropped = await clearResumedBuild(s.db, section.statements[sel.resumeAt], (t) => p.redactor.redact(t), `${c.version} ${c.name}`);
      for (const name of dropped) opts.onEvent?.({ type: 'info', message: `dropped the INVALID index ${name} that an earlier attempt of statement ${sel.resumeAt + 1} left` });
    }
    opts.onEvent?.({ type: 'start', direction, version: c.version, name: c.name, mode, index: i, total, ...(sel.resumeAt !== undefined ? { resumeAt: sel.resumeAt } : {}) });
    // What the previous migration SET or created in the session must not change what this one does.
    await resetSession(s.db, s.db.kind === 'pg' ? migrationSessionName(p.table) : undefined);
    const res = await executeSection({
      db: s.db,
      table: p.table,
      version: c.version,
      name: c.name,
      checksum: c.checksum,
      direction,
      mode,
      statements: section.statements,
      schema,
      ...(sel.resumeAt !== undefined ? { startAt: sel.resumeAt } : {}),
      settings: { lockTimeout: opts.config.apply.lockTimeout, statementTimeout: opts.config.apply.statementTimeout },
      retries: opts.config.apply.retries,
      backoffMs: opts.retryBackoffMs ?? DEFAULT_BACKOFF_MS,
      toolVersion: VERSION,
      redact: (t) => p.redactor.redact(t),
      onRetry: (r) => opts.onEvent?.({ type: 'retry', version: c.version, ...r }),
      onStatement: (done, n) => opts.onEvent?.({ type: 'statement', version: c.version, done, total: n }),
      onCleanup: (message) => opts.onEvent?.({ type: 'info', message: `${c.version}: ${message}` }),
      checkLock: () => lock.verify(),
      control,
    });
    if (!res.ok) {
      const failed: Extract<ApplyEvent, { type: 'failed' }> = {
        type: 'failed',
        direction,
        version: c.version,
        name: c.name,
        mode,
        statement: res.statement,
        error: res.error,
        ...(res.sqlState ? { sqlState: res.sqlState } : {}),
        blocking: mode === 'statements',
        resumeAt: res.resumeAt,
        invalidIndexes: res.invalidIndexes,
        droppedIndexes: res.droppedIndexes,
      };
      out.failed = failed;
      out.exitCode = 1;
      if (res.interrupted) {
        const event = interruptedEvent(direction, res.interrupted, interruptedAt(c, mode, res, section.statements.length, direction), {
          version: c.version,
          name: c.name,
          mode,
          rolledBack: mode === 'transaction',
          statementsDone: mode === 'transaction' ? 0 : res.resumeAt,
          statementsTotal: section.statements.length,
          droppedIndexes: res.droppedIndexes,
        });
        out.interrupted = event;
        opts.onEvent?.(event);
      } else {
        opts.onEvent?.(failed);
      }
      return;
    }
    if (direction === 'up' && c.upChecksum) await recordUpChecksum(s.db, p.table, c.version, c.upChecksum);
    out.done.push({ version: c.version, name: c.name, mode, durationMs: res.durationMs });
    opts.onEvent?.({ type: 'done', direction, version: c.version, name: c.name, mode, durationMs: res.durationMs, index: i, total });
  }
  opts.onEvent?.({ type: 'summary', direction, count: out.done.length, durationMs: performance.now() - started, dryRun: false });
}

/** Lints the pending migrations, then applies them in order, each in its own transaction when it can. */
export async function apply(opts: ApplyOptions): Promise<RunOutcome> {
  const dryRun = opts.dryRun === true;
  let p: Prepared | undefined;
  let out = emptyOutcome(undefined, 'up', dryRun);
  let session: Session | undefined;
  let lock: HeldLock | undefined;
  const control = new RunControl(opts.signal);
  try {
    p = await prepare(opts);
    out = emptyOutcome(p, 'up', dryRun);
    const toIndex = opts.to !== undefined ? findIndex(p, opts.to, '--to') : p.candidates.length - 1;
    if (opts.backupDir && p.target.kind !== 'pg') {
      throw usageError('--backup needs a PostgreSQL server (pg_dump); it is not available with the embedded PGlite database. Copy the data directory instead, while no migrationlint runs.');
    }
    const select = (rows: HistoryRow[]): Selected[] => {
      const statuses = statusMap(loadState(p!, rows, out, 'up', opts.retryFailed === true));
      const selected: Selected[] = [];
      p!.candidates.forEach((c, i) => {
        if (i > toIndex) return;
        const st = statuses.get(c.version)!;
        if (st.state === 'pending' || (st.state === 'failed' && !st.failure?.blocking)) {
          selected.push({ candidate: c, ...(st.outOfOrder ? { outOfOrder: true } : {}) });
        } else if (st.state === 'failed' && st.failure?.blocking) {
          selected.push({ candidate: c, resumeAt: st.failure.statement });
        }
      });
      return selected;
    };
    const gateUp = (selected: Selected[]) => runGate(p!, out, selected.map((s) => ({ analysis: s.candidate.analysis, section: 'up' })), true, opts);
    // An embedded database not created yet has no history: everything is pending, so the
    // gate can refuse before spending seconds creating it.
    const fresh = p.target.kind === 'pglite' && !pgliteInitialized(p.target.dataDir);
    if (fresh) gateUp(select([]));
    session = await maybeConnect(p, opts, dryRun);
    if (session) {
      if (session.server) refuseOlderServer(session.server, opts.config);
      if (session.pid !== undefined) control.cancelVia(session.lockDb, session.pid);
      await checkSettings(session, opts);
      if (!dryRun) lock = await lockMigrations(p, session, opts);
    }
    const selected = select(session ? await readHistory(session.db, p.table) : []);
    // (When gated already, what is pending now is a subset of what was gated.)
    if (!fresh) gateUp(selected);
    if (opts.verify && selected.length > 0) {
      const v = await opts.verify({ result: p.result, pending: selected.map((s) => s.candidate.analysis) });
      if (v.errors > 0) throw refusal(v.message, 'verify');
    }
    const lockOf = opts.lockOf ?? describeLocks;
    out.plan = selected.map((s) => planEntry(s.candidate, 'up', p!.result.set.files, lockOf, s));
    opts.onEvent?.({ type: 'plan', direction: 'up', dryRun, migrations: out.plan });
    for (const s of selected) {
      if (s.outOfOrder) opts.onEvent?.({ type: 'warning', message: `${s.candidate.version} ${s.candidate.name} sorts before a migration that is already applied; applying it out of order` });
    }
    if (dryRun || selected.length === 0) {
      opts.onEvent?.({ type: 'summary', direction: 'up', count: selected.length, durationMs: 0, dryRun });
      return out;
    }
    if (stopIfAsked(control, out, 'up', migrationNames(selected), opts)) return out;
    if (opts.backupDir && p.target.kind === 'pg') {
      const dir = path.resolve(opts.cwd, opts.backupDir);
      await checkBackupSpace(session!.db, dir);
      const b = await runBackup({ url: p.target.url, dir, env: opts.env ?? process.env, redactor: p.redactor });
      out.backupFile = b.file;
      opts.onEvent?.({ type: 'backup', file: b.file, bytes: b.bytes, durationMs: b.durationMs });
    }
    await execute(p, session!, opts, out, selected, 'up', lock!, control);
    return out;
  } catch (err) {
    return failOutcome(out, err, p?.redactor ?? opts.redactor ?? new Redactor(), opts);
  } finally {
    await release(lock, session);
  }
}

/** Lints the downs about to run, then rolls back the last applied migrations, newest first. */
export async function down(opts: DownOptions): Promise<RunOutcome> {
  const dryRun = opts.dryRun === true;
  let p: Prepared | undefined;
  let out = emptyOutcome(undefined, 'down', dryRun);
  let session: Session | undefined;
  let lock: HeldLock | undefined;
  const control = new RunControl(opts.signal);
  try {
    if (opts.steps !== undefined && opts.to !== undefined) throw usageError('use --steps or --to, not both');
    if (opts.steps !== undefined && (!Number.isInteger(opts.steps) || opts.steps < 1)) throw usageError(`--steps must be a positive integer, got ${opts.steps}`);
    p = await prepare(opts);
    out = emptyOutcome(p, 'down', dryRun);
    const toIndex = opts.to !== undefined ? findIndex(p, opts.to, '--to') : undefined;
    session = await maybeConnect(p, opts, dryRun);
    if (session) {
      if (session.server) refuseOlderServer(session.server, opts.config);
      if (session.pid !== undefined) control.cancelVia(session.lockDb, session.pid);
      await checkSettings(session, opts);
      if (!dryRun) lock = await lockMigrations(p, session, opts);
    }
    const rows = session ? await readHistory(session.db, p.table) : [];
    const statuses = statusMap(loadState(p, rows, out, 'down', opts.retryFailed === true));
    const selected: Selected[] = [];
    // A down that failed half-way is finished first.
    for (const c of p.candidates) {
      const st = statuses.get(c.version)!;
      if (st.failure?.blocking && st.failure.direction === 'down') selected.push({ candidate: c, resumeAt: st.failure.statement });
    }
    const applied = p.candidates.map((c, i) => ({ c, i })).filter(({ c }) => statuses.get(c.version)?.state === 'applied');
    const steps = Math.max(0, (opts.steps ?? 1) - selected.length);
    const chosen = toIndex !== undefined ? applied.filter(({ i }) => i > toIndex) : steps === 0 ? [] : applied.slice(-steps);
    for (const { c } of chosen.reverse()) selected.push({ candidate: c });
    const forwardOnly = selected.filter((s) => !s.candidate.analysis.down);
    if (forwardOnly.length > 0) {
      const msg = `Refusing to roll back: no down migration for ${forwardOnly.map((s) => `${s.candidate.version} ${s.candidate.name}`).join(', ')}; nothing was executed.`;
      throw refusal(msg, 'no-down');
    }
    runGate(p, out, selected.map((s) => ({ analysis: s.candidate.analysis, section: 'down' })), false, opts);
    const lockOf = opts.lockOf ?? describeLocks;
    out.plan = selected.map((s) => planEntry(s.candidate, 'down', p!.result.set.files, lockOf, s));
    opts.onEvent?.({ type: 'plan', direction: 'down', dryRun, migrations: out.plan });
    if (dryRun || selected.length === 0) {
      opts.onEvent?.({ type: 'summary', direction: 'down', count: selected.length, durationMs: 0, dryRun });
      return out;
    }
    if (stopIfAsked(control, out, 'down', migrationNames(selected), opts)) return out;
    await execute(p, session!, opts, out, selected, 'down', lock!, control);
    return out;
  } catch (err) {
    return failOutcome(out, err, p?.redactor ?? opts.redactor ?? new Redactor(), opts);
  } finally {
    await release(lock, session);
  }
}
