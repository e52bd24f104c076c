// One migration of a run as planned: its statements, lines and locks, and how it runs.
import type { AnalysedStatement, SectionAnalysis } from '../lint.js';
import type { SourceText } from '../types.js';
import type { Direction, PlannedMigration } from './events.js';
import type { ExecutionMode } from './history.js';
import type { Candidate } from './prepare.js';

export function executionMode(section: SectionAnalysis): ExecutionMode {
  return section.transaction === 'wrapped' ? 'transaction' : 'statements';
}

export function planEntry(
  c: Candidate,
  direction: Direction,
  files: ReadonlyMap<string, SourceText>,
  lockOf: (s: AnalysedStatement) => string | undefined,
  extra: { resumeAt?: number; outOfOrder?: boolean },
): PlannedMigration {
  const section = (direction === 'up' ? c.analysis.up : c.analysis.down)!;
  const source = section.parsed.source;
  const text = files.get(source.file)?.text ?? '';
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  return {
    version: c.version,
    name: c.name,
    file: files.get(source.file)?.relPath ?? source.file,
    direction,
    mode: executionMode(section),
    transaction: section.transaction,
    statements: section.statements.map((s) => ({ index: s.index, line: lineOf(s.span.start), text: s.text, lock: lockOf(s) ?? 'unknown' })),
    ...(extra.resumeAt !== undefined ? { resumeAt: extra.resumeAt } : {}),
    ...(extra.outOfOrder ? { outOfOrder: true } : {}),
  };
}
