// Comments of a host-language migration file (JS/TS `//` and `/* */`, Python `#`), found by a
// small lexer that skips strings and template literals, so a suppression written in the host
// language (`// migrationlint-ignore rule -- reason`) is read as SQL's `--` one is.

import { comments, type Comment } from '../suppress.js';
import type { SectionSource } from '../types.js';
import { hostSpan, inLiteral } from './map.js';

/** Offset after a quoted string starting at `i` (the quote), or the end of the line for an unterminated one. */
function skipQuoted(text: string, i: number, quote: string, multiline: boolean): number {
  let k = i + quote.length;
  while (k < text.length) {
    const ch = text[k];
    if (ch === '\\') k += 2;
    else if (text.startsWith(quote, k)) return k + quote.length;
    else if (!multiline && ch === '\n') return k;
    else k++;
  }
  return k;
}

/** JS/TS: `//` and `/* *\/` outside strings and template literals (with `${}` nesting). */
function jsComments(text: string): Comment[] {
  const out: Comment[] = [];
  // Brace depth of each open `${` hole; a `}` at depth 0 of the top hole returns into its template.
  const holes: number[] = [];
  let i = 0;
  const inTemplate = (from: number): number => {
    let k = from;
    while (k < text.length) {
      const ch = text[k];
      if (ch === '\\') k += 2;
      else if (ch === '`') return k + 1;
      else if (ch === '$' && text[k + 1] === '{') {
        holes.push(0);
        return k + 2;
      } else k++;
    }
    return k;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? text.length : eol;
      out.push({ start: i, text: `--${text.slice(i + 2, end)}`, end: i + text.slice(i, end).trimEnd().length });
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out.push({ start: i, text: text.slice(i, end) });
      i = end;
    } else if (ch === "'" || ch === '"') {
      i = skipQuoted(text, i, ch, false);
    } else if (ch === '`') {
      i = inTemplate(i + 1);
    } else if (holes.length > 0 && ch === '{') {
      holes[holes.length - 1]!++;
      i++;
    } else if (holes.length > 0 && ch === '}') {
      if (holes[holes.length - 1] === 0) {
        holes.pop();
        i = inTemplate(i + 1);
      } else {
        holes[holes.length - 1]!--;
        i++;
      }
    } else {
      i++;
    }
  }
  return out;
}

/** Python: `#` outside strings (single, double and triple quoted, any prefix). */
function pythonComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '#') {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? text.length : eol;
      out.push({ start: i, text: `--${text.slice(i + 1, end)}`, end: i + text.slice(i, end).trimEnd().length });
      i = end;
    } else if (ch === "'" || ch === '"') {
      const triple = text.startsWith(ch.repeat(3), i);
      i = skipQuoted(text, i, triple ? ch.repeat(3) : ch, triple);
    } else {
      i++;
    }
  }
  return out;
}

export function hostComments(text: string, path: string): Comment[] {
  return /\.py$/i.test(path) ? pythonComments(text) : jsComments(text);
}

/** A host file's comments, and the SQL comments inside its sections' string literals (`-- migrationlint-ignore` in the SQL). */
export function hostFileComments(text: string, path: string, sections: readonly SectionSource[]): Comment[] {
  const out = hostComments(text, path);
  for (const section of sections) {
    const host = section.host;
    if (!host || !/--|\/\*/.test(section.text)) continue;
    for (const c of comments(section.text)) {
      if (!inLiteral(host, c.start)) continue;
      const span = hostSpan(host, { start: c.start, end: c.start + c.text.trimEnd().length });
      out.push({ start: span.start, text: c.text, end: span.end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
