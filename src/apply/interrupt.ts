// Stopping a run when asked (SIGINT/SIGTERM in the CLI, an AbortSignal for library users): the
// migration statement running on the server is cancelled from the lock session
// (pg_cancel_backend), and the engine starts nothing after it. What the statement left is then
// recorded like any other failure, so the history says exactly what took effect.
import type { Db } from './driver.js';
import type { RunOutcome } from './engine.js';
import type { ApplyEvent, Direction } from './events.js';
import type { ExecutionMode } from './history.js';
import type { EngineOptions } from './prepare.js';

/** SQLSTATE 57014 query_canceled: what a cancelled statement fails with. */
export const QUERY_CANCELED = '57014';

/** Thrown by the engine itself where it stops between statements. */
export class StopRequested extends Error {
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}`);
    this.name = 'StopRequested';
  }
}

export class RunControl {
  private running: string | undefined;
  private wake: (() => void) | undefined;
  /** Resolves when a cancel sent for the running statement got its answer from the server. */
  private cancelling: Promise<void> = Promise.resolve();

  /** The lock session, and the server pid of the migration session (PostgreSQL only). */
  private canceller: { lockDb: Db; pid: number } | undefined;

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.onAbort(), { once: true });
  }

  /** From now on a stop cancels the running statement of server process `pid` from `lockDb`. */
  cancelVia(lockDb: Db, pid: number): void {
    this.canceller = { lockDb, pid };
  }

  /** Why the run was asked to stop ('SIGINT', 'SIGTERM', …), or undefined. */
  get stopReason(): string | undefined {
    if (!this.signal?.aborted) return undefined;
    const r: unknown = this.signal.reason;
    return typeof r === 'string' ? r : 'interrupted';
  }

  throwIfStopped(): void {
    const reason = this.stopReason;
    if (reason) throw new StopRequested(reason);
  }

  /** Runs one migration statement; a stop asked for meanwhile cancels it on the server. */
  async statement(db: Db, text: string): Promise<void> {
    this.running = text;
    try {
      await db.exec(text);
    } finally {
      this.running = undefined;
      // The cancel's own query must be over before the session is used again.
      await this.cancelling;
    }
  }

  /** Waits `ms`, or less when a stop is asked for. */
  async sleep(ms: number): Promise<void> {
    if (this.stopReason) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private onAbort(): void {
    this.wake?.();
    const text = this.running;
    if (text === undefined || !this.canceller) return;
    const { lockDb, pid } = this.canceller;
    // Only while that very statement is still active: an idle session, or the engine's own
    // bookkeeping that follows it, is left alone.
    this.cancelling = lockDb
      .query(
        `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
          WHERE pid = $1 AND state = 'active' AND left(query, 100) = left($2, 100)`,
        [pid, text],
      )
      .then(
        () => undefined,
        () => undefined,
      );
  }
}

/** The `interrupted` event (and outcome field): which signal, and what took effect. */
export function interruptedEvent(
  direction: Direction,
  signal: string,
  message: string,
  at?: { version: string; name: string; mode: ExecutionMode; rolledBack: boolean; statementsDone?: number; statementsTotal?: number; droppedIndexes?: string[] },
): Extract<ApplyEvent, { type: 'interrupted' }> {
  return { type: 'interrupted', direction, signal, message, ...(at ?? {}) };
}

/** Ends the run when a stop was asked for before anything (more) started. */
export function stopIfAsked(control: RunControl, out: RunOutcome, direction: Direction, next: string, opts: EngineOptions): boolean {
  const signal = control.stopReason;
  if (!signal) return false;
  const done = out.done.map((d) => d.version);
  const verb = direction === 'up' ? 'applied' : 'rolled back';
  const message = `stopped before ${next}${done.length > 0 ? `; ${done.join(', ')} ${verb}` : `; nothing was ${verb}`}`;
  const event = interruptedEvent(direction, signal, message);
  out.interrupted = event;
  opts.onEvent?.(event);
  out.exitCode = 1;
  return true;
}

export const migrationNames = (selected: ReadonlyArray<{ candidate: { version: string; name: string } }>) => selected.map((x) => `${x.candidate.version} ${x.candidate.name}`).join(', ');

/** What a migration stopped by a signal left, in one line. */
export function interruptedAt(c: { version: string; name: string }, mode: ExecutionMode, res: { statement: number; resumeAt: number; droppedIndexes: string[] }, total: number, direction: Direction): string {
  const who = `${c.version} ${c.name}`;
  if (mode === 'transaction') return `${who} rolled back`;
  const took = res.resumeAt === 0 ? 'none of its statements took effect' : res.resumeAt === 1 ? 'statement 1 took effect' : `statements 1–${res.resumeAt} took effect`;
  const dropped = res.droppedIndexes.length > 0 ? ` (dropped the INVALID index ${res.droppedIndexes.join(', ')} it left)` : '';
  const cmd = direction === 'up' ? 'apply' : 'down';
  return `${who} stopped at statement ${res.statement + 1} of ${total}${dropped}: ${took}; \`migrationlint ${cmd} --retry-failed\` resumes at statement ${res.resumeAt + 1}`;
}
