// GitHub code scanning's `primaryLocationLineHash`, computed exactly as github/codeql-action's
// src/fingerprints.ts does before an upload: a rolling hash (base 37, 64-bit wrap-around) over the
// next 100 characters from each line's start, spaces and tabs skipped, CR / CRLF read as LF, an
// end-of-file marker then NULs; `hash:n` where n counts earlier lines with the same hash. With
// the value in the log, uploads through the REST API (no action to add it) match alerts too.

import { groupBy } from '../group.js';
import type { Finding, SourceText } from '../types.js';

const BLOCK_SIZE = 100;
const MOD = 37n;
const END_OF_FILE = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const wrap = (n: bigint) => BigInt.asUintN(64, n);
const FIRST_MOD = wrap(MOD ** BigInt(BLOCK_SIZE));

/**
 * The hash of each line of `text` (1-based line → `hex:n`), for the lines in `wanted` (every line
 * when omitted). `text` is the file's content as the action reads it (UTF-16 code units).
 */
export function primaryLocationLineHashes(text: string, wanted?: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineAt = new Array<number>(BLOCK_SIZE).fill(-1);
  const counts = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let line = 0;
  let lineStart = true;
  let previousCR = false;

  const emit = () => {
    const value = hash.toString(16);
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    if (!wanted || wanted.has(lineAt[index])) out.set(lineAt[index], `${value}:${n}`);
    lineAt[index] = -1;
  };
  const push = (code: number) => {
    const leaving = window[index];
    window[index] = code;
    hash = wrap(MOD * hash + BigInt(code) - FIRST_MOD * BigInt(leaving));
    index = (index + 1) % BLOCK_SIZE;
  };
  const read = (code: number) => {
    if (code === SPACE || code === TAB || (previousCR && code === LF)) {
      previousCR = false;
      return;
    }
    previousCR = code === CR;
    if (code === CR) code = LF;
    if (lineAt[index] !== -1) emit();
    if (lineStart) {
      lineStart = false;
      lineAt[index] = ++line;
    }
    if (code === LF) lineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) read(text.charCodeAt(i));
  read(END_OF_FILE);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return out;
}

/**
 * The line hash of each finding's start line, each file hashed once. The text is the file as the
 * action reads it from disk: with its byte order mark, which discovery strips.
 */
export function findingLineHashes(findings: readonly Finding[], files: ReadonlyMap<string, SourceText>): Map<Finding, string> {
  const out = new Map<Finding, string>();
  for (const [file, inFile] of groupBy(findings, (f) => f.file)) {
    const source = files.get(file);
    const text = source ? (source.bom ? `\uFEFF${source.text}` : source.text) : '';
    const hashes = primaryLocationLineHashes(text, new Set(inFile.map((f) => f.start.line)));
    for (const f of inFile) {
      const hash = hashes.get(f.start.line);
      if (hash) out.set(f, hash);
    }
  }
  return out;
}
