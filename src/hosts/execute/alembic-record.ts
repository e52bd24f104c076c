// What python/alembic_record.py writes (one JSON line per revision section) → ExecutedMigration per
// file: SQL in the order Alembic emitted it, each statement at its call site in the revision (Python's
// 1-based lines and UTF-8 byte columns → UTF-16 spans), and why a section could not run.
import { byteToUtf16Mapper, lineIndexFor } from '../../text.js';
import type { DiscoveryProblem, SourceText, Span } from '../../types.js';
import type { ExecutedMigration, ExecutedQuery } from './types.js';

interface RecordedQuery { sql: string; line?: number; col?: number; endLine?: number; endCol?: number; generated?: true }
interface RecordedSection { file: string; section: 'up' | 'down' | 'import'; queries: RecordedQuery[]; error?: { message: string; line: number | null } }
export type RecordLine = RecordedSection | { start: string } | { end: string } | { done: true };

export function parseRecordLine(line: string): RecordLine | undefined {
  try {
    const value = JSON.parse(line) as RecordLine;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function offsetAt(file: SourceText, line: number, byteColumn: number): number {
  const lines = lineIndexFor(file);
  return lines.lineStart(line) + byteToUtf16Mapper(lines.lineText(line))(byteColumn);
}

/** The span of a line without its indentation: where a position without columns (Python < 3.11) points. */
export function lineSpan(file: SourceText, line: number): Span {
  const lines = lineIndexFor(file);
  const text = lines.lineText(line);
  const start = lines.lineStart(line) + (text.length - text.trimStart().length);
  return { start, end: lines.lineStart(line) + text.trimEnd().length };
}

function querySpan(file: SourceText, q: RecordedQuery): Span | undefined {
  if (q.line === undefined) return undefined;
  if (q.col === undefined || q.endLine === undefined || q.endCol === undefined) return lineSpan(file, q.line);
  return { start: offsetAt(file, q.line, q.col), end: offsetAt(file, q.endLine, q.endCol) };
}

/** A result read off `op.get_bind().execute(…)` (None offline), or a method of the offline connection it lacks. */
const RESULT_READ = /^AttributeError: (?:'NoneType' object has no attribute '(fetch\w*|first|one\w*|scalars?\w*|all|mappings|keys|rowcount|inserted_primary_key|returns_rows)'|'MockConnection' object has no attribute '(\w+)')/;

/** Why a section could not run, in words a user acts on (one line, bounded). */
export function failureReason(message: string): string {
  const missing = /^ModuleNotFoundError: No module named '([^']+)'/.exec(message);
  if (missing) return `it imports ${missing[1]}, which this Python cannot import (the project's own modules or packages are not on its path)`;
  const partial = /^AttributeError: module '([\w.]+)' has no attribute '(\w+)'/.exec(message);
  if (partial) return `it uses ${partial[1]}.${partial[2]}, which this Python cannot import (${message})`;
  const read = RESULT_READ.exec(message);
  if (read) return `it uses the database connection (op.get_bind()… .${read[1] ?? read[2] ?? ''}): data-dependent code cannot run offline, without a database`;
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

const SECTION_NAMES = { up: 'run upgrade()', down: 'run downgrade()', import: 'import the revision' } as const;

function problemOf(file: SourceText, section: RecordedSection, error: NonNullable<RecordedSection['error']>): DiscoveryProblem {
  const at = error.line ? `line ${error.line}` : 'no line of the revision';
  return {
    file: file.path,
    ruleId: 'orm-execute-failed',
    message: `orm.execute: Alembic could not ${SECTION_NAMES[section.section]} (${at}): ${failureReason(error.message)}; the static translation is linted`,
    span: error.line ? lineSpan(file, error.line) : { start: 0, end: 0 },
  };
}

/** Adds one recorded section to the results; a section that raised keeps no queries (its static result stays). */
export function addRecordedSection(results: Map<string, ExecutedMigration>, files: ReadonlyMap<string, SourceText>, section: RecordedSection): void {
  const file = files.get(section.file);
  if (!file) return;
  const migration = results.get(file.path) ?? { problems: [] };
  results.set(file.path, migration);
  if (section.error) {
    migration.problems.push(problemOf(file, section, section.error));
    return;
  }
  if (section.section === 'import') return;
  migration[section.section] = section.queries.map((q): ExecutedQuery => {
    const span = querySpan(file, q);
    return { sql: q.sql, ...(span ? { span } : {}), ...(q.generated ? { generated: true } : {}) };
  });
}
