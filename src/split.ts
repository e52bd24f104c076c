// A statement splitter aware of quotes, dollar quotes and comments, for recovering after a
// syntax error: each piece is parsed on its own so one bad statement does not hide the rest.

export interface Piece {
  /** UTF-16 offset of the piece in the text it was split from. */
  start: number;
  text: string;
}

export function splitStatements(text: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = commentEnd(text, i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = skipBlockComment(text, i);
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && !/[\w$]/.test(text[i - 2] ?? '');
      i = skipQuoted(text, i, "'", escapes);
    } else if (c === '"') {
      i = skipQuoted(text, i, '"', false);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else if (c === ';') {
      pieces.push({ start, text: text.slice(start, i + 1) });
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  if (start < n) pieces.push({ start, text: text.slice(start) });
  return pieces.filter((p) => hasCode(p.text));
}

export function skipBlockComment(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

export function skipQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Index of the newline that ends a `--` comment starting at `from`, or -1. PostgreSQL ends it at CR too. */
export function commentEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

/** PostgreSQL's whitespace (scan.l); a no-break space or U+2028 is a syntax error to it. */
const PG_SPACE = /[ \t\n\r\f\v]/;

/** True when the text holds anything but whitespace and comments. */
export function hasCode(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = commentEnd(text, i);
      if (nl < 0) return false;
      i = nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = skipBlockComment(text, i);
    } else if (PG_SPACE.test(c)) {
      i++;
    } else {
      return true;
    }
  }
  return false;
}
