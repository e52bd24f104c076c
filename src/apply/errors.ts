// Errors the apply engine raises on purpose: a clear message, the exit code it maps to, and
// why (for --format json and library users).

export type RefusalReason =
  | 'lint'
  | 'drift'
  | 'failed-migration'
  | 'lock'
  | 'backup'
  | 'no-down'
  | 'duplicate-version'
  | 'connection'
  | 'usage'
  | 'nothing-to-resolve'
  /** `apply --verify`: a migration about to run fails verification. */
  | 'verify'
  /** The server is older than the config's pgVersion. */
  | 'server-version'
  /** Stopped by SIGINT/SIGTERM (or an aborted signal) before it did anything. */
  | 'interrupted'
  /** Something unexpected (a bug): exit 2. */
  | 'internal';

export class ApplyError extends Error {
  constructor(
    message: string,
    /** 1: refused or failed; 2: usage or configuration. */
    readonly exitCode: 1 | 2,
    readonly reason: RefusalReason,
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

/** Bad input: an unknown version, a malformed URL, an invalid setting (exit 2). */
export function usageError(message: string): ApplyError {
  return new ApplyError(message, 2, 'usage');
}

/** The engine refused to run (exit 1). */
export function refusal(message: string, reason: RefusalReason): ApplyError {
  return new ApplyError(message, 1, reason);
}
