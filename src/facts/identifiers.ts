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

// Anything that could be a word or a quoted name of more than 63 bytes decides whether the
// (slower) scanner must run at all: a quoted name, or a run of characters that are not
// whitespace (as /\s/ has it) nor one of these.
const DELIMITERS = `"'(),;.:=<>+-*/[]|&!~^%@#`;
const SEPARATES = new Uint8Array(128);
for (const c of ' \t\n\v\f\r' + DELIMITERS) SEPARATES[c.charCodeAt(0)] = 1;
const QUOTE = 34;

function separates(code: number): boolean {
  if (code < 128) return SEPARATES[code] === 1;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Whether a candidate of `text` is longer than an identifier may be, the candidates being the
 * matches of /"(?:[^"]|"")*"|[^\s"'(),;.:=<>+\-*\/[\]|&!~^%@#]+/g found by one pass over the
 * text, without the regex's match objects: this runs for every statement.
 */
export function mayHaveLongIdentifier(text: string): boolean {
  if (text.length * 3 <= MAX_IDENTIFIER_BYTES) return false;
  const n = text.length;
  let p = 0;
  while (p < n) {
    const code = text.charCodeAt(p);
    let end = -1;
    if (code === QUOTE) end = quotedEnd(text, p);
    else if (!separates(code)) {
      end = p + 1;
      while (end < n && !separates(text.charCodeAt(end))) end++;
    }
    if (end < 0) p++;
    else {
      if (longerThanIdentifier(text, p, end)) return true;
      p = end;
    }
  }
  return false;
}

/** Where the quoted candidate starting at `start` ends (after its closing quote), or -1: "" inside is a quote; with no closing quote the regex backs off to the last "". */
function quotedEnd(text: string, start: number): number {
  let lastPair = -1;
  for (let i = start + 1; i < text.length; i++) {
    if (text.charCodeAt(i) !== QUOTE) continue;
    if (text.charCodeAt(i + 1) !== QUOTE) return i + 1;
    lastPair = i++;
  }
  return lastPair < 0 ? -1 : lastPair + 1;
}

// A UTF-16 unit is at most 3 UTF-8 bytes and at least 1: most words are decided by their length,
// without counting bytes.
const longerThanIdentifier = (text: string, start: number, end: number): boolean =>
  (end - start) * 3 > MAX_IDENTIFIER_BYTES && (end - start > MAX_IDENTIFIER_BYTES || utf8Bytes(text.slice(start, end)) > MAX_IDENTIFIER_BYTES);

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
