// GitHub code scanning's `primaryLocationLineHash`, computed exactly as github/codeql-action's
// src/fingerprints.ts does before an upload: a rolling hash (base 37, modulo 2^64) over the
// next 100 characters from each line's start, spaces and tabs skipped, CR / CRLF read as LF, an
// end-of-file marker then NULs; `hash:n` where n counts earlier lines with the same hash. With
// the value in the log, uploads through the REST API (no action to add it) match alerts too.

import { groupBy } from '../group.js';
import type { Finding, SourceText } from '../types.js';

const BLOCK_SIZE = 100;
const MOD = 37;
const END_OF_FILE = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

/** 37^100 mod 2^64 as four 16-bit limbs, low first. */
const FIRST_MOD = (() => {
  const value = BigInt.asUintN(64, 37n ** BigInt(BLOCK_SIZE));
  return [0n, 16n, 32n, 48n].map((shift) => Number((value >> shift) & 0xffffn));
})();

const [F0, F1, F2, F3] = FIRST_MOD;
const LIMB = 65536;

/**
 * The rolling hash modulo 2^64 in four 16-bit limbs, low first: plain number arithmetic, about
 * three times faster than a BigInt per character (the action uses a 64-bit Long).
 */
class RollingHash {
  private h0 = 0;
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;

  /** hash = hash × 37 + entering − 37^100 × leaving (mod 2^64). */
  roll(entering: number, leaving: number): void {
    let t = this.h0 * MOD + entering;
    let h0 = t % LIMB;
    t = this.h1 * MOD + Math.floor(t / LIMB);
    let h1 = t % LIMB;
    t = this.h2 * MOD + Math.floor(t / LIMB);
    let h2 = t % LIMB;
    t = this.h3 * MOD + Math.floor(t / LIMB);
    let h3 = t % LIMB;
    if (leaving !== 0) {
      let p = F0 * leaving;
      let d = h0 - (p % LIMB);
      h0 = d < 0 ? d + LIMB : d;
      let borrow = d < 0 ? 1 : 0;
      p = F1 * leaving + Math.floor(p / LIMB);
      d = h1 - (p % LIMB) - borrow;
      h1 = d < 0 ? d + LIMB : d;
      borrow = d < 0 ? 1 : 0;
      p = F2 * leaving + Math.floor(p / LIMB);
      d = h2 - (p % LIMB) - borrow;
      h2 = d < 0 ? d + LIMB : d;
      borrow = d < 0 ? 1 : 0;
      p = F3 * leaving + Math.floor(p / LIMB);
      d = h3 - (p % LIMB) - borrow;
      h3 = d < 0 ? d + LIMB : d;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
  }

  /** Unsigned hexadecimal without leading zeros, as Long's toUnsigned().toString(16). */
  hex(): string {
    const high = this.h3 * LIMB + this.h2;
    const low = this.h1 * LIMB + this.h0;
    return high === 0 ? low.toString(16) : `${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
  }
}

/**
 * The hash of each line of `text` (1-based line → `hex:n`), for the lines in `wanted` (every line
 * when omitted). `text` is the file's content as the action reads it (UTF-16 code units).
 */
export function primaryLocationLineHashes(text: string, wanted?: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineAt = new Array<number>(BLOCK_SIZE).fill(-1);
  const counts = new Map<string, number>();
  const hash = new RollingHash();
  let index = 0;
  let line = 0;
  let lineStart = true;
  let previousCR = false;

  const emit = () => {
    const value = hash.hex();
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    if (!wanted || wanted.has(lineAt[index])) out.set(lineAt[index], `${value}:${n}`);
    lineAt[index] = -1;
  };
  const push = (code: number) => {
    hash.roll(code, window[index]);
    window[index] = code;
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
