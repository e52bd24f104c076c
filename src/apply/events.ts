// What the engine reports while it works. The CLI turns these into lines on stderr or JSON
// lines on stdout; the engine itself never prints.
import type { Finding, SourceText, TransactionMode } from '../types.js';
import type { ExecutionMode } from './history.js';

export type Direction = 'up' | 'down';

export interface PlannedStatement {
  index: number;
  /** 1-based line in the file. */
  line: number;
  text: string;
  /** The table lock the statement takes, or "unknown". */
  lock: string;
}

export interface PlannedMigration {
  version: string;
  name: string;
  /** Display path of the file that holds the section. */
  file: string;
  direction: Direction;
  /** How the engine runs it: one transaction, or statement by statement. */
  mode: ExecutionMode;
  /** The transaction mode the linter computed for the section. */
  transaction: TransactionMode;
  statements: PlannedStatement[];
  /** Resuming a failed statement-by-statement run at this statement (0-based). */
  resumeAt?: number;
  /** Pending, but sorted before a migration that is already applied. */
  outOfOrder?: boolean;
}

export type ApplyEvent =
  | { type: 'connect'; database: string; embedded: boolean; /** "PostgreSQL 15.8" */ server?: string }
  | { type: 'lock-wait'; holder: string; waitSeconds: number }
  | {
      type: 'lint';
      migrations: number;
      errors: number;
      warnings: number;
      findings: Finding[];
      /** The files the findings point into (for reporters; left out of JSON output). */
      files: ReadonlyMap<string, SourceText>;
    }
  | { type: 'plan'; direction: Direction; dryRun: boolean; migrations: PlannedMigration[] }
  | { type: 'backup'; file: string; bytes: number; durationMs: number }
  | { type: 'start'; direction: Direction; version: string; name: string; mode: ExecutionMode; index: number; total: number; resumeAt?: number }
  | { type: 'statement'; version: string; done: number; total: number }
  | { type: 'retry'; version: string; attempt: number; of: number; delayMs: number; statement?: number; error: string }
  | { type: 'done'; direction: Direction; version: string; name: string; mode: ExecutionMode; durationMs: number; index: number; total: number }
  | {
      type: 'failed';
      direction: Direction;
      version: string;
      name: string;
      mode: ExecutionMode;
      /** 0-based index of the failing statement. */
      statement: number;
      error: string;
      sqlState?: string;
      /** True when the migration ran statement by statement: later applies refuse until resolved. */
      blocking: boolean;
      resumeAt: number;
      invalidIndexes: string[];
      /** INVALID indexes the failed statement left, dropped again (DROP INDEX CONCURRENTLY IF EXISTS). */
      droppedIndexes?: string[];
    }
  | {
      /** The run stopped when asked (SIGINT, SIGTERM): what took effect. */
      type: 'interrupted';
      direction: Direction;
      signal: string;
      /** One line: "002 slow rolled back", "stopped before 003 …". */
      message: string;
      /** The migration that was running, when one was. */
      version?: string;
      name?: string;
      mode?: ExecutionMode;
      rolledBack?: boolean;
      statementsDone?: number;
      statementsTotal?: number;
      droppedIndexes?: string[];
    }
  | { type: 'info'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'summary'; direction: Direction; count: number; durationMs: number; dryRun: boolean };
