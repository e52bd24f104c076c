// An ORM migration's section is linted as the SQL its calls send; this maps what the engine found
// there (spans, fixes) back onto the host file: inside a string literal code unit by code unit
// (through its literalMap), onto the whole call for SQL a builder generates.
import { applyFixes } from '../fix.js';
import { BUILDER_FIX_EDIT, BUILDER_FIX_HELP } from './builder-fix-help.js';
import type { Finding, Fix, HostSegment, SectionHost, Span } from '../types.js';
import type { LineIndex } from '../text.js';

/** The last segment starting at or before `offset` in the section's SQL. */
function segmentBefore(segments: readonly HostSegment[], offset: number, inclusive: boolean): HostSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  let found: HostSegment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (inclusive ? s.start <= offset : s.start < offset) {
      found = s;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const endOf = (s: HostSegment) => (s.literalMap ? s.literalMap[s.literalMap.length - 1]! : s.span.end);

/** An offset of the section's SQL → the file: inside its literal, else the call's start (its end past the call's SQL). */
export function hostOffset(host: SectionHost, offset: number): number {
  const s = segmentBefore(host.segments, offset, true);
  if (!s) return host.segments[0] ? host.segments[0].span.start : host.span.start;
  if (offset >= s.end) return endOf(s);
  return s.literalMap ? s.literalMap[offset - s.start]! : s.span.start;
}

function mapEnd(host: SectionHost, offset: number): number {
  const s = segmentBefore(host.segments, offset, false);
  if (!s) return host.segments[0] ? host.segments[0].span.start : host.span.start;
  if (offset > s.end) return endOf(s);
  return s.literalMap ? s.literalMap[offset - s.start]! : s.span.end;
}

/** A span of the section's SQL → the host file. */
export function hostSpan(host: SectionHost, span: Span): Span {
  const start = hostOffset(host, span.start);
  if (span.end <= span.start) return { start, end: start };
  return { start, end: Math.max(start, mapEnd(host, span.end)) };
}

/** Is this offset of the section's SQL written in a string literal of the file? */
export function inLiteral(host: SectionHost, offset: number): boolean {
  const s = segmentBefore(host.segments, offset, true);
  return s !== undefined && s.literalMap !== undefined && offset < s.end;
}

// Characters an edit may not bring into a literal without escaping (in any quoting of JS or Python).
const NEEDS_ESCAPE = /[\\'"`\n\r]|\$\{/;

/** The edits in file offsets, when each one lies in one literal and its code units stand there one-to-one. */
function literalEdits(host: SectionHost, fix: Fix, fileText: string, sql: string): Fix | undefined {
  const edits = [];
  for (const edit of fix.edits) {
    const s = segmentBefore(host.segments, edit.start, true);
    const map = s?.literalMap;
    if (!s || !map || edit.end > s.end || NEEDS_ESCAPE.test(edit.text)) return undefined;
    const from = edit.start - s.start;
    const to = edit.end - s.start;
    for (let k = from; k < to; k++) if (map[k + 1] !== map[k]! + 1) return undefined;
    const start = map[from]!;
    const end = map[to]!;
    if (fileText.slice(start, end) !== sql.slice(edit.start, edit.end)) return undefined;
    edits.push({ start, end, text: edit.text });
  }
  return { title: fix.title, edits };
}

/** The statement piece the fix edits, with the fix applied: what the help shows when the source cannot take the edit. */
function fixedSql(host: SectionHost, fix: Fix, sql: string): { text: string; segment: HostSegment | undefined } {
  const first = Math.min(...fix.edits.map((e) => e.start));
  const segment = segmentBefore(host.segments, first, true);
  const from = segment?.start ?? 0;
  const to = segment && fix.edits.every((e) => e.end <= segment.end) ? segment.end : sql.length;
  const edits = fix.edits.map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
  return { text: applyFixes(sql.slice(from, to), [{ title: fix.title, edits }]).text.trim(), segment };
}

/** The fix as an edit of the builder call itself, where the ORM has an option that generates the fixed SQL exactly. */
function callEdit(host: SectionHost, fix: Fix, sql: string, fileText: string): Fix | undefined {
  const edit = host.builderFixHelp && BUILDER_FIX_EDIT[host.builderFixHelp];
  const { text, segment } = fixedSql(host, fix, sql);
  if (!edit || !segment?.call) return undefined;
  const inserted = edit(segment.call, fix, text, fileText.slice(segment.span.start, segment.span.end));
  if (!inserted) return undefined;
  const at = segment.span.start + inserted.offset;
  return { title: fix.title, edits: [{ start: at, end: at, text: inserted.text }] };
}

function withheldHelp(host: SectionHost, fix: Fix, sql: string): string {
  const { text, segment } = fixedSql(host, fix, sql);
  const ownWords = segment?.call && host.builderFixHelp ? BUILDER_FIX_HELP[host.builderFixHelp](segment.call, fix, text) : undefined;
  if (ownWords) return ownWords;
  const where = segment?.call
    ? `\`${segment.call}\` generates this SQL, so the fix ("${fix.title}") cannot be written into the call: send the statement with ${host.rawSql} instead`
    : `The fix ("${fix.title}") edits SQL that is not written as it is sent in one string literal here (escapes, concatenation or a constant): change the source by hand`;
  return `${where}: ${text}`;
}

/** A finding of the section's SQL, placed in the host file; its fix kept only where the source can take it. */
export function hostFinding(finding: Finding, host: SectionHost, sql: string, fileText: string, lines: LineIndex): Finding {
  const span = hostSpan(host, finding.span);
  const { fix, ...rest } = finding;
  const mapped: Finding = { ...rest, span, start: lines.position(span.start), end: lines.position(span.end) };
  if (!fix || fix.edits.length === 0) return mapped;
  const edits = literalEdits(host, fix, fileText, sql) ?? callEdit(host, fix, sql, fileText);
  if (edits) return { ...mapped, fix: edits };
  const help = withheldHelp(host, fix, sql);
  return { ...mapped, help: mapped.help ? `${mapped.help} ${help}` : help };
}
