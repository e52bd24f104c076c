// What a layout splitter finds in one file, before runner and wrap are decided.
import type { DiscoveryProblem, Layout, SectionHost, Span, WrapMode } from '../types.js';

/** A [start, end) range of the file text holding one section. */
export interface SectionRange {
  start: number;
  end: number;
  /** A runner directive turns the runner's transaction off (goose NO TRANSACTION, dbmate transaction:false). */
  noTransaction?: boolean;
  /** The file text itself decides the wrap (alembic's BEGIN/COMMIT), whatever the runner. */
  wrap?: WrapMode;
  /** An ORM migration's method: the section's text is the SQL its calls send (start/end: the method). */
  host?: SectionHost & { text: string };
}

/** One migration found in a file. */
export interface Part {
  layout: Layout;
  up: SectionRange;
  down?: SectionRange;
  /** Set when the file names the migration itself (alembic revision, @metadata). */
  version?: string;
  name?: string;
  metadata?: Record<string, unknown>;
}

export interface FileParts {
  parts: Part[];
  problems: DiscoveryProblem[];
}

export function problem(file: string, ruleId: DiscoveryProblem['ruleId'], message: string, span: Span = { start: 0, end: 0 }): DiscoveryProblem {
  return { file, ruleId, message, span };
}
