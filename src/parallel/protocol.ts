// The messages between the lint engine and its worker threads. Everything here crosses a
// thread by structured clone: plain data, Maps and Sets, never functions or parsed ASTs.
import type { ResolvedConfig } from '../config.js';
import type { EngineResult } from '../lint-run.js';
import type { MigrationSet } from '../types.js';

export interface WorkerTask {
  id: number;
  set: MigrationSet;
  config: ResolvedConfig;
  /** The files whose findings are reported (the `report` filter, which cannot cross threads); absent: all. */
  reported?: Set<string>;
  /** analyseSet's `checkFixes`. */
  checkFixes?: boolean;
}

export type WorkerReply = { id: number; result: EngineResult } | { id: number; error: { message: string; stack?: string } };
