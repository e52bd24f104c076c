// Line-level text helpers shared by the layout splitters.
import type { Span } from '../types.js';

export interface LineMatch {
  /** Offset of the line start (leading blanks included). */
  start: number;
  /** Offset just before the line break. */
  end: number;
  /** Offset of the next line, past the line break (or text.length). */
  next: number;
  /** Capture groups of the match, '' for groups that did not take part. */
  groups: string[];
}

/**
 * Every whole-line match of `re`, which must carry the `g` and `m` flags and be anchored
 * with `^…$`. In multiline mode `$` stops before `\r` as well as `\n`, so CRLF files work.
 */
export function matchLines(text: string, re: RegExp): LineMatch[] {
  const out: LineMatch[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    let next = end;
    if (text[next] === '\r') next++;
    if (text[next] === '\n') next++;
    out.push({ start, end, next, groups: m.slice(1).map((g) => g ?? '') });
  }
  return out;
}

// PostgreSQL's own whitespace set (scan.l `space`), not JavaScript's \s.
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** True when text[start, end) holds only whitespace, `--` comments and closed `/* … *\/` comments. */
export function isBlankSql(text: string, start = 0, end = text.length): boolean {
  let i = start;
  while (i < end) {
    const c = text[i];
    const d = i + 1 < end ? text[i + 1] : undefined;
    if (c === '-' && d === '-') {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && d === '*') {
      let depth = 1; // PostgreSQL block comments nest
      i += 2;
      while (i < end && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*' && i + 1 < end) (depth++, (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/' && i + 1 < end) (depth--, (i += 2));
        else i++;
      }
      // An unterminated comment is a syntax error for PostgreSQL: let the parser report it.
      if (depth > 0) return false;
    } else if (isSpace(c)) {
      i++;
    } else {
      return false;
    }
  }
  return true;
}

/** text[start, end) without leading and trailing whitespace, as a span. */
export function trimmedSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return { start: s, end: e };
}
