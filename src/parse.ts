// libpg-query (the PostgreSQL 18 parser, WASM) → Statements with UTF-16 spans in the file.
// Byte offsets from the parser never leave this module, except as `byteBase` + node locations
// resolved through ParsedSection.byteToFileOffset.
import { loadModule, parseQuery } from './pg-parser.js';
import type { Node, RawStmt } from '@pgsql/types';
import type { ParsedSection, SectionSource, Statement, SyntaxErrorInfo } from './types.js';
import { byteToUtf16Mapper, codePointToUtf16 } from './text.js';
import { commentEnd, hasCode, splitStatements } from './split.js';
import { deeperThan, TOO_DEEP_MESSAGE } from './ast-depth.js';

let loading: Promise<void> | undefined;

/** Load the WASM parser once per process (or worker). */
export function loadParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

interface ParseFailure {
  message: string;
  /** 0-based code point index into the parsed string. */
  cursor: number;
}

function tryParse(text: string): { stmts: RawStmt[] } | ParseFailure {
  const { tree, error } = parseQuery(text);
  return tree ? { stmts: tree.stmts ?? [] } : { message: error.message, cursor: error.cursorPosition };
}

export function parseSection(source: SectionSource): ParsedSection {
  const { text, offset } = source;
  const toUtf16 = byteToUtf16Mapper(text);
  const byteToFileOffset = (b: number) => offset + toUtf16(b);
  const statements: Statement[] = [];
  const syntaxErrors: SyntaxErrorInfo[] = [];
  const keep = (s: Statement) => {
    if (deeperThan(s.node)) syntaxErrors.push({ message: TOO_DEEP_MESSAGE, offset: s.span.start, statementSpan: s.span });
    else statements.push(s);
  };
  // Comment-only text needs no parse, unless a block comment may be unterminated (an error).
  if (!hasCode(text) && !text.includes('/*')) return { source, statements, syntaxErrors, byteToFileOffset };

  const whole = tryParse(text);
  if ('stmts' in whole) {
    for (const raw of whole.stmts) {
      const startByte = raw.stmt_location ?? 0;
      const start = toUtf16(startByte);
      const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? text.length : toUtf16(startByte + raw.stmt_len);
      keep(makeStatement(statements.length, raw.stmt as Node, text, start, end, offset, 0));
    }
    return { source, statements, syntaxErrors, byteToFileOffset };
  }

  // Recovery: parse statement by statement so the valid ones are still linted.
  // Byte offset of each piece, counted on from the previous one (not from 0: that was quadratic).
  let counted = { chars: 0, bytes: 0 };
  for (const piece of splitStatements(text)) {
    const result = tryParse(piece.text);
    if ('stmts' in result) {
      counted = { chars: piece.start, bytes: counted.bytes + Buffer.byteLength(text.slice(counted.chars, piece.start)) };
      const pieceByteBase = counted.bytes;
      const pieceToUtf16 = byteToUtf16Mapper(piece.text);
      for (const raw of result.stmts) {
        const startByte = raw.stmt_location ?? 0;
        const start = piece.start + pieceToUtf16(startByte);
        const end =
          raw.stmt_len === undefined || raw.stmt_len === 0
            ? piece.start + piece.text.length
            : piece.start + pieceToUtf16(startByte + raw.stmt_len);
        keep(makeStatement(statements.length, raw.stmt as Node, text, start, end, offset, pieceByteBase));
      }
    } else {
      const lead = piece.text.length - piece.text.trimStart().length;
      const at = piece.start + codePointToUtf16(piece.text, result.cursor);
      const stmtStart = offset + piece.start + leadingNonCode(piece.text, lead);
      const stmtEnd = offset + piece.start + trimEnd(piece.text, piece.text.length);
      syntaxErrors.push({
        message: result.message,
        offset: offset + Math.min(at, piece.start + piece.text.length),
        statementSpan: { start: stmtStart, end: Math.max(stmtStart, stmtEnd) },
      });
    }
  }
  // Every piece parsed on its own, yet the whole did not: an unterminated comment at the end,
  // which the splitter drops as a comment. Report the parser's error on the whole text.
  if (syntaxErrors.length === 0) {
    const at = Math.min(codePointToUtf16(text, whole.cursor), text.length);
    syntaxErrors.push({ message: whole.message, offset: offset + at, statementSpan: { start: offset + at, end: offset + Math.max(at, trimEnd(text, text.length)) } });
  }
  return { source, statements, syntaxErrors, byteToFileOffset };
}

/** A statement parsed from `text[start, end)` (trimmed of comments and ';'), placed at `fileOffset` + its offset in `text`. */
export function makeStatement(
  index: number,
  node: Node,
  text: string,
  start: number,
  end: number,
  fileOffset: number,
  byteBase: number,
): Statement {
  const s = start + leadingNonCode(text.slice(start, end), 0);
  const e = start + trimEnd(text.slice(start, end), end - start);
  const tag = Object.keys(node)[0] ?? 'Unknown';
  return { index, node, tag, text: text.slice(s, e), span: { start: fileOffset + s, end: fileOffset + e }, byteBase };
}

/** Length of leading whitespace and comments. */
function leadingNonCode(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      const nl = commentEnd(text, i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else {
      return i;
    }
  }
}

/** End of the text without trailing whitespace, ';' and whole-line trailing comments. */
function trimEnd(text: string, end: number): number {
  let e = end;
  for (;;) {
    while (e > 0 && /[\s;]/.test(text[e - 1])) e--;
    const lineStart = Math.max(text.lastIndexOf('\n', e - 1), text.lastIndexOf('\r', e - 1)) + 1;
    if (lineStart > 0 && /^\s*--/.test(text.slice(lineStart, e))) {
      e = lineStart;
      continue;
    }
    return e;
  }
}
