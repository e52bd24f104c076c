// Identifiers longer than PostgreSQL's limit, found in a statement's tokens: the parser hands
// over names already truncated to 63 bytes, so the AST cannot tell.
import { scanSync } from '../pg-parser.js';
import { byteToUtf16Mapper } from '../text.js';

/** PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1), in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

export interface LongIdentifier {
  /** The identifier as written (unquoted and case-folded, as PostgreSQL reads it). */
  full: string;
  /** What PostgreSQL really names the object: `full` cut to 63 bytes. */
  truncated: string;
  /** UTF-16 offsets of the token (quotes included) in the scanned text. */
  start: number;
  end: number;
}

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** PostgreSQL's truncate_identifier: at most 63 bytes, never splitting a character. */
export function truncateIdentifier(s: string): string {
  let out = '';
  let size = 0;
  for (const ch of s) {
    size += utf8Bytes(ch);
    if (size > MAX_IDENTIFIER_BYTES) break;
    out += ch;
  }
  return out;
}

// Anything that could be a word or a quoted name of more than 63 bytes; decides whether the
// (slower) scanner must run at all.
const CANDIDATE = /"(?:[^"]|"")*"|[^\s"'(),;.:=<>+\-*\/[\]|&!~^%@#]+/g;

// A candidate longer than 63 bytes has at least 22 UTF-16 units (3 bytes each at most): with no
// double quote in the text, it is a run of 22 such characters. One test, no match per word.
const LONG_CANDIDATE_POSSIBLE = /"|[^\s"'(),;.:=<>+\-*\/[\]|&!~^%@#]{22}/;

function mayHaveLongIdentifier(text: string): boolean {
  if (utf8Bytes(text) <= MAX_IDENTIFIER_BYTES || !LONG_CANDIDATE_POSSIBLE.test(text)) return false;
  for (const m of text.matchAll(CANDIDATE)) if (longerThanIdentifier(m[0])) return true;
  return false;
}

// A UTF-16 unit is at most 3 UTF-8 bytes and at least 1: most words are decided by their length,
// without counting bytes.
const longerThanIdentifier = (word: string): boolean =>
  word.length * 3 > MAX_IDENTIFIER_BYTES && (word.length > MAX_IDENTIFIER_BYTES || utf8Bytes(word) > MAX_IDENTIFIER_BYTES);

// Rules ask about the statement being visited, one after the other: remember the last answer.
let last: { text: string; found: LongIdentifier[] } | undefined;

/** Identifiers over 63 bytes in `text` (a statement), in order. */
export function longIdentifiers(text: string): LongIdentifier[] {
  if (last?.text === text) return last.found;
  const found = mayHaveLongIdentifier(text) ? scan(text) : [];
  last = { text, found };
  return found;
}

function scan(text: string): LongIdentifier[] {
  let tokens;
  try {
    tokens = scanSync(text).tokens;
  } catch {
    return [];
  }
  const toUtf16 = byteToUtf16Mapper(text);
  const found: LongIdentifier[] = [];
  for (const token of tokens) {
    if (token.tokenName !== 'IDENT') continue;
    const full = token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
    if (utf8Bytes(full) <= MAX_IDENTIFIER_BYTES) continue;
    found.push({ full, truncated: truncateIdentifier(full), start: toUtf16(token.start), end: toUtf16(token.end) });
  }
  return found;
}
