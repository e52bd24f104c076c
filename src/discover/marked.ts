// Split a file at its up/down marker lines (dbmate, goose, `-- UP` / `-- DOWN`).
import type { DiscoveryProblem } from '../types.js';
import { isBlankSql, trimmedSpan, type LineMatch } from './lines.js';
import { problem, type SectionRange } from './part.js';

export interface Markers {
  ups: LineMatch[];
  downs: LineMatch[];
  upLabel: string;
  downLabel: string;
  /** The runner refuses a file without an up marker (dbmate, goose). */
  requireUp: boolean;
}

export interface Split {
  up: SectionRange;
  down?: SectionRange;
  problems: DiscoveryProblem[];
}

const lineSpan = (m: LineMatch) => ({ start: m.start, end: m.end });

/**
 * A section runs from the line after its marker to the other marker's line (or the end of
 * the file); marker lines belong to no section. Needs at least one marker.
 */
export function splitMarked(file: string, text: string, m: Markers): Split {
  const problems: DiscoveryProblem[] = [];
  const repeated = (extra: LineMatch[], label: string) => {
    for (const x of extra) problems.push(problem(file, 'invalid-file', `repeated '${label}' marker: only the first one starts a section`, lineSpan(x)));
  };
  repeated(m.ups.slice(1), m.upLabel);
  repeated(m.downs.slice(1), m.downLabel);
  const u = m.ups[0];
  const d = m.downs[0];
  if (!u) {
    if (!d) throw new Error('splitMarked needs a marker');
    if (m.requireUp) {
      problems.push(problem(file, 'invalid-file', `no '${m.upLabel}' marker: the text before '${m.downLabel}' is taken as the up section`, lineSpan(d)));
    }
    return { up: { start: 0, end: d.start }, down: { start: d.next, end: text.length }, problems };
  }
  const preambleEnd = Math.min(u.start, d?.start ?? u.start);
  if (!isBlankSql(text, 0, preambleEnd)) {
    problems.push(problem(file, 'invalid-file', `SQL before '${m.upLabel}' belongs to no section and is not checked`, trimmedSpan(text, 0, preambleEnd)));
  }
  if (!d) return { up: { start: u.next, end: text.length }, problems };
  if (d.start < u.start) {
    problems.push(problem(file, 'invalid-file', `'${m.downLabel}' comes before '${m.upLabel}'`, lineSpan(d)));
    return { up: { start: u.next, end: text.length }, down: { start: d.next, end: u.start }, problems };
  }
  return { up: { start: u.next, end: d.start }, down: { start: d.next, end: text.length }, problems };
}
