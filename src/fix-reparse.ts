// A fixed section's parse from the parse of the section as it was: the fix check lints a file again
// for each set of fixes it tries, and the fixes change a few statements of it. Only the stretches of
// text around those statements are parsed again; every other statement keeps its node, moved.
import type { RawStmt } from '@pgsql/types';
import { deeperThan } from './ast-depth.js';
import { makeStatement } from './parse.js';
import { parseQuery } from './pg-parser.js';
import { byteToUtf16Mapper } from './text.js';
import type { Edit, ParsedSection, SectionSource, Span, Statement } from './types.js';

/**
 * Appended to a stretch parsed again that does not end the section: it is read as a statement of
 * its own at the end of the stretch only when the stretch ends where the next statement can start
 * (not inside a comment, a string, or a statement lacking its ';').
 */
const PROBE = 'SELECT 1';
const PROBE_CONSTANT_AT = PROBE.indexOf('1');

/**
 * The parse of `fixed` (the section of `original` with `edits`, the edits applied to the file, at
 * their original places) that parseSection(fixed) gives, or undefined when it cannot be had this
 * way (a syntax error, an ORM section, an edit across the section's bounds): then parse it whole.
 *
 * Each run of statements an edit touches, or touches the text between it and a neighbour, is
 * parsed again with the text between its unchanged neighbours. That text begins after the ';' of
 * the statement before it and ends before the next statement, both unchanged, so the parser reads
 * the whole fixed text as the unchanged statements and these stretches' statements, in order.
 */
export function reparseFixed(original: ParsedSection, fixed: SectionSource, edits: readonly Edit[]): ParsedSection | undefined {
  const { source, statements } = original;
  if (source.host || fixed.host || original.syntaxErrors.length > 0 || statements.length === 0) return undefined;
  if (statements.some((s) => s.byteBase !== 0)) return undefined;
  const local = sectionEdits(edits, source.offset, source.text.length);
  const before = source.text;
  const after = fixed.text;
  const runs = local && changedRuns(statements.map((s) => ({ start: s.span.start - source.offset, end: s.span.end - source.offset })), local, before.length);
  if (!runs || !outsideUnchanged(before, after, runs)) return undefined;

  const ascii = !/[^\x00-\x7f]/.test(before) && !/[^\x00-\x7f]/.test(after);
  const bytesBefore = (offset: number) => (ascii ? offset : Buffer.byteLength(before.slice(0, offset)));
  const bytesAfter = (offset: number) => (ascii ? offset : Buffer.byteLength(after.slice(0, offset)));
  const out: Statement[] = [];
  let shift = 0;
  let shiftBytes = 0;
  const moved = (s: Statement) => {
    const by = fixed.offset - source.offset + shift;
    out.push({ ...s, index: out.length, span: { start: s.span.start + by, end: s.span.end + by }, byteBase: s.byteBase + shiftBytes });
  };
  let next = 0;
  for (const run of runs) {
    for (; next < run.statements.start; next++) moved(statements[next]!);
    const start = run.stretch.start + shift;
    const end = run.stretch.end + shift + run.shift;
    const reparsed = parseStretch(after, start, end, run.statements.end < statements.length, bytesAfter(start), fixed.offset, out.length);
    if (!reparsed) return undefined;
    out.push(...reparsed);
    next = run.statements.end;
    shift += run.shift;
    shiftBytes = bytesAfter(end) - bytesBefore(run.stretch.end);
  }
  for (; next < statements.length; next++) moved(statements[next]!);
  const toUtf16 = byteToUtf16Mapper(after);
  return { source: fixed, statements: out, syntaxErrors: [], byteToFileOffset: (b) => fixed.offset + toUtf16(b) };
}

/** The edits inside the section `[offset, offset + length)`, in its coordinates, by start; undefined when one crosses its bounds. */
function sectionEdits(edits: readonly Edit[], offset: number, length: number): Edit[] | undefined {
  const local: Edit[] = [];
  for (const e of edits) {
    // As fixedFile places a section: an edit starting before it moves it, one starting inside it is in it.
    const inside = e.start >= offset && e.start < offset + length;
    if (inside ? e.end > offset + length : e.start < offset && e.end > offset) return undefined;
    if (inside) local.push({ start: e.start - offset, end: e.end - offset, text: e.text });
  }
  return local.sort((a, b) => a.start - b.start || a.end - b.end);
}

interface ChangedRun {
  /** Statements [start, end) of the original. */
  statements: Span;
  /** The text parsed again: from the end of the statement before the run to the start of the one after it. */
  stretch: Span;
  /** Where the run's edits are: inside its statements, from the first one's start to the last one's end. */
  edited: Span;
  /** How much longer the run is with its edits. */
  shift: number;
}

/**
 * The runs of statements the edits change. A statement is changed when an edit touches it or the
 * text between it and a neighbour (an edit at the very edge too), so the edits of a run lie within
 * its statements, and the statements on either side and the text up to them stay as they were.
 */
function changedRuns(spans: readonly Span[], edits: readonly Edit[], length: number): ChangedRun[] | undefined {
  const runs: ChangedRun[] = [];
  let e = 0;
  for (let i = 0; i < spans.length; i++) {
    const reach = { start: i > 0 ? spans[i - 1]!.end : 0, end: i + 1 < spans.length ? spans[i + 1]!.start : length };
    while (e < edits.length && edits[e]!.end < reach.start) e++;
    if (e >= edits.length || edits[e]!.start > reach.end) continue;
    const last = runs.at(-1);
    if (last && last.statements.end === i) {
      last.statements.end = i + 1;
      last.stretch.end = reach.end;
    } else {
      runs.push({ statements: { start: i, end: i + 1 }, stretch: { ...reach }, edited: { start: Infinity, end: -Infinity }, shift: 0 });
    }
  }
  for (const run of runs) {
    const first = spans[run.statements.start]!.start;
    const last = spans[run.statements.end - 1]!.end;
    for (const edit of edits) {
      if (edit.end < first || edit.start > last) continue;
      run.edited = { start: Math.min(run.edited.start, edit.start), end: Math.max(run.edited.end, edit.end) };
      run.shift += edit.text.length - (edit.end - edit.start);
    }
    if (run.edited.start > run.edited.end || run.edited.start < first || run.edited.end > last) return undefined;
  }
  return runs;
}

/** Whether `after` is `before` with each run's edited text replaced (its length changed by the run's shift), the rest as it was. */
function outsideUnchanged(before: string, after: string, runs: readonly ChangedRun[]): boolean {
  let from = 0;
  let shift = 0;
  for (const run of runs) {
    if (!after.startsWith(before.slice(from, run.edited.start), from + shift)) return false;
    from = run.edited.end;
    shift += run.shift;
  }
  return after.length === before.length + shift && after.startsWith(before.slice(from), from + shift);
}

/**
 * The statements of `text[start, end)` parsed alone, placed in the section; undefined on a syntax
 * error, or when a stretch that does not end the section does not end where a statement can start.
 */
function parseStretch(text: string, start: number, end: number, probed: boolean, byteBase: number, fileOffset: number, firstIndex: number): Statement[] | undefined {
  const stretch = text.slice(start, end);
  const parsed = parseQuietly(probed ? stretch + PROBE : stretch);
  if (!parsed) return undefined;
  if (probed) {
    const probe = parsed.pop();
    if (!probe || !isProbeAt(probe, Buffer.byteLength(stretch))) return undefined;
  }
  const toUtf16 = byteToUtf16Mapper(stretch);
  const out: Statement[] = [];
  for (const raw of parsed) {
    const startByte = raw.stmt_location ?? 0;
    const from = start + toUtf16(startByte);
    const to = raw.stmt_len === undefined || raw.stmt_len === 0 ? end : start + toUtf16(startByte + raw.stmt_len);
    const statement = makeStatement(firstIndex + out.length, raw.stmt as Statement['node'], text, from, to, fileOffset, byteBase);
    if (deeperThan(statement.node)) return undefined;
    out.push(statement);
  }
  return out;
}

function parseQuietly(text: string): RawStmt[] | undefined {
  const { tree } = parseQuery(text);
  return tree ? (tree.stmts ?? []) : undefined;
}

/** Whether `raw` is exactly the probe, read from byte `at` on. */
function isProbeAt(raw: RawStmt, at: number): boolean {
  const select = raw.stmt && 'SelectStmt' in raw.stmt ? raw.stmt.SelectStmt : undefined;
  if (!select || raw.stmt_len) return false;
  const targets = select.targetList ?? [];
  const only = targets.length === 1 ? targets[0] : undefined;
  const target = only && 'ResTarget' in only ? only.ResTarget : undefined;
  return target?.location === at + PROBE_CONSTANT_AT && Object.keys(select).every((k) => k === 'targetList' || k === 'limitOption' || k === 'op');
}
