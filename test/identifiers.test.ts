// The pass that decides whether a statement may hold an identifier over 63 bytes (and so must be
// scanned) answers exactly what the candidate regex it replaces answered.
import { describe, expect, it } from 'vitest';
import { mayHaveLongIdentifier } from '../src/facts/identifiers.js';

const CANDIDATE = /"(?:[^"]|"")*"|[^\s"'(),;.:=<>+\-*/[\]|&!~^%@#]+/g;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const byRegex = (text: string) => [...text.matchAll(CANDIDATE)].some((m) => bytes(m[0]) > 63);

const long = 'x'.repeat(64);
const cases = [
  `CREATE INDEX ${long} ON t (a)`,
  `CREATE INDEX ${'x'.repeat(63)} ON t (a)`,
  `CREATE INDEX "${'x'.repeat(62)}" ON t (a)`,
  `CREATE INDEX "${'x'.repeat(61)}" ON t (a)`,
  `CREATE INDEX "a""${'x'.repeat(60)}" ON t (a)`,
  // No closing quote: the regex backs off to the last doubled quote.
  `SELECT "${'x'.repeat(70)}""y`,
  `SELECT "${'x'.repeat(70)}`,
  `SELECT "ab""${'x'.repeat(70)}""`,
  // 22 three-byte characters are 66 bytes; 21 are 63.
  `CREATE TABLE ${'€'.repeat(22)} (a int)`,
  `CREATE TABLE ${'€'.repeat(21)} (a int)`,
  // Whitespace beyond ASCII separates words, as /\s/ has it.
  `CREATE TABLE ${'x'.repeat(40)}\u3000${'x'.repeat(40)} (a int)`,
  `CREATE TABLE ${'x'.repeat(40)}\u2028${'x'.repeat(40)}`,
  `CREATE TABLE ${'x'.repeat(40)}\u00a0${'x'.repeat(40)}`,
  `CREATE TABLE ${'x'.repeat(40)}\u200b${'x'.repeat(40)}`,
  `SELECT '${'x'.repeat(70)}'`,
  `${'x'.repeat(40)}#${'x'.repeat(40)}`,
  '',
];

/** A deterministic PRNG (mulberry32), so a failure names its input. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mayHaveLongIdentifier', () => {
  it.each(cases)('%j as the candidate regex', (text) => {
    expect(mayHaveLongIdentifier(text)).toBe(byRegex(text));
  });

  it('agrees with the candidate regex on 100,000 random texts of quotes, separators and long runs', () => {
    const pieces = ['a', '_', '"', '""', '"""', ' ', '\t', '\u3000', '\u2028', '\ufeff', 'é', '€', '😀', '(', ';', '#', "'", 'x'.repeat(21), '€'.repeat(7)];
    const next = random(18);
    for (let i = 0; i < 100_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 40); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      if (mayHaveLongIdentifier(text) !== byRegex(text)) expect.fail(`differs on ${JSON.stringify(text)}`);
    }
  });
});
