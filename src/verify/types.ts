// What verify returns: findings (like lint's), and per migration what happened on the database.
import type { Finding, SourceText } from '../types.js';
import type { SchemaDiff } from './compare.js';

/** up: applied, failed, or not run (skipped: it cannot run here; unverified: an earlier one stopped the replay). */
export type UpOutcome = 'applied' | 'failed' | 'skipped' | 'unverified';
/** down: restores the schema (ok), does not (mismatch), fails, is absent (none) or could not be checked (skipped). */
export type DownOutcome = 'ok' | 'mismatch' | 'failed' | 'none' | 'skipped';
/** up again after down: same schema (ok), another one (differs), fails, or not run. */
export type RepeatOutcome = 'ok' | 'differs' | 'failed' | 'not-run';

export interface MigrationVerdict {
  id: string;
  version: string;
  name: string;
  /** Display path of the up file. */
  file: string;
  up: UpOutcome;
  down: DownOutcome;
  repeat: RepeatOutcome;
  upMs?: number;
  /** Expected (before up) → after down, when it differs. */
  downDiff?: SchemaDiff;
  /** First up → up again, when it differs. */
  repeatDiff?: SchemaDiff;
  /** Views whose definitions were compared modulo timestamps PostgreSQL folded from now() at creation. */
  foldedTime?: string[];
}

export interface GroupResult {
  /** The migrations directory (display path): each is replayed on its own database. */
  directory: string;
  database: string;
  /** The replay server's major version. */
  major: number;
  /** Milliseconds to a ready, empty database. */
  startMs: number;
  durationMs: number;
  total: number;
  /** Migrations whose up was applied. */
  applied: number;
  /** Why the replay stopped before the end. */
  stopped?: { version: string; reason: string };
}

export interface VerifyResult {
  findings: Finding[];
  files: ReadonlyMap<string, SourceText>;
  errorCount: number;
  warningCount: number;
  groups: GroupResult[];
  migrations: MigrationVerdict[];
  /** The configured pgVersion: a replay server newer than it accepts statements it rejects. */
  pgVersion: number;
}

export type VerifyEvent =
  | { type: 'group'; directory: string; database: string; startMs: number; total: number }
  | { type: 'migration'; verdict: MigrationVerdict; index: number; total: number };
