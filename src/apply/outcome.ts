// What apply() and down() return: what ran, what failed or was refused, and why.
import type { Finding, SourceText } from '../types.js';
import type { RefusalReason } from './errors.js';
import type { ApplyEvent, Direction, PlannedMigration } from './events.js';
import type { ExecutionMode } from './history.js';
import { interruptedEvent } from './interrupt.js';
import type { MigrationStatus } from './plan.js';
import { classify, describeError, type EngineOptions, type Prepared } from './prepare.js';
import type { Redactor } from './redact.js';

export interface RunOutcome {
  /** 0 done (or nothing to do), 1 refused or failed, 2 usage or configuration. */
  exitCode: 0 | 1 | 2;
  database: string;
  direction: Direction;
  dryRun: boolean;
  /** What was (or, for a dry run, would be) run, in order. */
  plan: PlannedMigration[];
  done: Array<{ version: string; name: string; mode: ExecutionMode; durationMs: number }>;
  failed?: Extract<ApplyEvent, { type: 'failed' }>;
  /** Why nothing (more) ran. */
  refused?: { reason: RefusalReason; message: string };
  /** Lint findings of the sections about to run (printed when the gate refuses). */
  findings: Finding[];
  files: ReadonlyMap<string, SourceText>;
  drift: MigrationStatus[];
  backupFile?: string;
  /** Set when the run stopped because it was asked to (opts.signal): what took effect. */
  interrupted?: Extract<ApplyEvent, { type: 'interrupted' }>;
}

export function emptyOutcome(p: Prepared | undefined, direction: Direction, dryRun: boolean): RunOutcome {
  return {
    exitCode: 0,
    database: p?.target.display ?? 'unknown',
    direction,
    dryRun,
    plan: [],
    done: [],
    findings: [],
    files: p?.result.set.files ?? new Map(),
    drift: [],
  };
}

/** Turns anything thrown into an outcome with a redacted message (an interrupted one when a stop was asked for). */
export function failOutcome(out: RunOutcome, err: unknown, redactor: Redactor, opts: EngineOptions): RunOutcome {
  const { exitCode, reason } = classify(err);
  out.exitCode = exitCode;
  out.refused = { reason, message: describeError(err, reason, out.database, redactor) };
  if (opts.signal?.aborted && !out.interrupted) {
    const signal = typeof opts.signal.reason === 'string' ? opts.signal.reason : 'interrupted';
    const event = interruptedEvent(out.direction, signal, `stopped before ${out.direction === 'up' ? 'applying' : 'rolling back'} anything: ${out.refused.message}`);
    out.interrupted = event;
    opts.onEvent?.(event);
  }
  return out;
}
