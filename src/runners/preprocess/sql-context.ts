// What each character of SQL text is to PostgreSQL's lexer (scan.l): code, a comment, inside a
// string literal or inside a quoted identifier. A dollar-quoted body is scanned as code of its own
// (function and DO bodies are SQL or PL/pgSQL), bounded by its closing tag whatever it holds.

export const SqlContext = { Code: 0, Comment: 1, String: 2, QuotedIdentifier: 3 } as const;
export type SqlContext = (typeof SqlContext)[keyof typeof SqlContext];

/**
 * At a top-level code character (outside dollar quotes): return the offset to go on from when
 * something there is taken (psql's meta-commands), else undefined.
 */
export type CodeHook = (at: number) => number | undefined;

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/** One context per UTF-16 unit of `text`. */
export function sqlContexts(text: string, hook?: CodeHook): Uint8Array {
  const out = new Uint8Array(text.length);
  scan(text, 0, text.length, out, hook);
  return out;
}

function scan(text: string, from: number, to: number, out: Uint8Array, hook: CodeHook | undefined): void {
  let i = from;
  while (i < to) {
    const taken = hook?.(i);
    if (taken !== undefined) {
      i = Math.max(taken, i + 1);
      continue;
    }
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      let end = i;
      while (end < to && text[end] !== '\n' && text[end] !== '\r') end++;
      i = mark(out, i, end, SqlContext.Comment);
    } else if (c === '/' && next === '*') {
      i = mark(out, i, blockCommentEnd(text, i, to), SqlContext.Comment);
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? '');
      i = mark(out, i, quotedEnd(text, i, to, "'", escapes), SqlContext.String);
    } else if (c === '"') {
      i = mark(out, i, quotedEnd(text, i, to, '"', false), SqlContext.QuotedIdentifier);
    } else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64))?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      const bodyEnd = close < 0 || close >= to ? to : close;
      mark(out, i, i + tag.length, SqlContext.String);
      scan(text, i + tag.length, bodyEnd, out, undefined);
      i = mark(out, bodyEnd, Math.min(to, bodyEnd + tag.length), SqlContext.String);
    } else {
      i++;
    }
  }
}

function mark(out: Uint8Array, start: number, end: number, context: SqlContext): number {
  out.fill(context, start, end);
  return end;
}

function blockCommentEnd(text: string, from: number, to: number): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      i += 2;
      if (--depth === 0) return i;
    } else {
      i++;
    }
  }
  return to;
}

function quotedEnd(text: string, from: number, to: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < to) {
    const c = text[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return to;
}
