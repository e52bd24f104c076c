// Deterministic fuzz inputs for the lint path: input i of seed s is always the same bytes, so
// a crash found by `npm run fuzz` is replayed by its index. Mutations of real migrations
// (byte flips, truncation, shuffled statements, inserted keywords, quotes, dollar quotes and
// comment openers, splices), random bytes and non-UTF-8 text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface SeedFile {
  /** Base name, kept so layout detection (up/down, goose, dbmate …) sees realistic names. */
  name: string;
  bytes: Uint8Array;
}

export interface FuzzInput {
  index: number;
  name: string;
  bytes: Uint8Array;
  /** The mutations applied, for the report. */
  kind: string;
  seed: string;
}

export type Random = () => number;

/** mulberry32: small, fast, good enough for choosing mutations. */
export function random(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Seeds: the shared corpus (when present) and every .sql fixture of the repository. */
export function loadSeeds(dirs: string[]): SeedFile[] {
  const seeds: SeedFile[] = [];
  for (const dir of dirs) {
    for (const file of fg.sync('**/*.sql', { cwd: dir, absolute: true, followSymbolicLinks: false }).sort()) {
      // A plain Uint8Array: Buffer#slice returns a view, and a mutation must never write into its seed.
      const bytes = new Uint8Array(readFileSync(file));
      if (bytes.length <= 256 * 1024) seeds.push({ name: path.basename(file), bytes });
    }
  }
  return seeds;
}

const TOKENS = [
  'BEGIN;', 'COMMIT;', 'ROLLBACK;', 'START TRANSACTION;', 'SAVEPOINT s;', 'END;',
  'CONCURRENTLY', 'CREATE INDEX ', 'CREATE INDEX CONCURRENTLY ix ON t (a);', 'DROP TABLE ', 'DROP INDEX ',
  'ALTER TABLE t ', 'ADD COLUMN ', 'NOT NULL', 'DEFAULT ', 'SET lock_timeout = 0;', 'VACUUM;', 'REINDEX ',
  'DO $$ BEGIN ', ' END $$;', 'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$', 'DELETE FROM t', 'UPDATE t SET a = 1',
  "'", "''", '"', '""', '$$', '$a$', '$tag$', '$1', "E'\\", "U&'\\0041", "B'01", "X'ff", '\\', '\\\\',
  '/*', '*/', '/* /* nested', '--', '-- migrationlint-ignore ', '-- migrationlint-ignore-file ', '-- squawk-ignore ',
  '-- +goose Up\n', '-- +goose Down\n', '-- +goose StatementBegin\n', '-- +goose StatementEnd\n', '-- +goose NO TRANSACTION\n',
  '-- migrate:up\n', '-- migrate:down\n', '-- migrate:up transaction:false\n', '-- UP\n', '-- DOWN\n', '-- @metadata {"a":',
  '-- Running upgrade a -> b\n', 'COPY t FROM stdin;\n1\t2\n\\.\n',
  ';', ';;', '(', ')', '((((', '))))', '[', ']', '::', '::int', ',', '.', '*', '=', '<>', '~', '@', '#', '%', '^', '&', '|',
  '\n', '\r\n', '\r', '\t', '\f', '\v', ' ', '\u00a0', '\u2028', '\u200b', '\ufeff', '\u{1f600}', 'é', 'ß', '中文', '\u0301',
  'NULL', 'TRUE', '1e999', '-9223372036854775809', '0x', '1.2.3', 'ARRAY[', 'ROW(', 'CASE WHEN', 'LATERAL', 'WITH RECURSIVE r AS (',
];

/** Byte sequences that are never valid UTF-8. */
const BAD_UTF8: number[][] = [[0xff], [0xfe], [0xc0, 0xaf], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80]];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type Mutation = (r: Random, b: Uint8Array, seeds: readonly SeedFile[]) => Uint8Array;

const MUTATIONS: Record<string, Mutation> = {
  flip(r, b) {
    const out = b.slice();
    // Mostly the low seven bits: ASCII stays ASCII, so most flips reach the parser, not the decoder.
    for (let n = 1 + int(r, 8); n > 0 && out.length > 0; n--) out[int(r, out.length)] ^= 1 << (r() < 0.02 ? 7 : int(r, 7));
    return out;
  },
  truncate(r, b) {
    return b.slice(0, int(r, b.length + 1));
  },
  shuffle(r, b) {
    const parts = decoder.decode(b).split(';');
    for (let i = parts.length - 1; i > 0; i--) {
      const j = int(r, i + 1);
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    }
    return encoder.encode(parts.join(';'));
  },
  insert(r, b) {
    let text = decoder.decode(b);
    for (let n = 1 + int(r, 10); n > 0; n--) {
      const at = int(r, text.length + 1);
      text = text.slice(0, at) + pick(r, TOKENS) + text.slice(at);
    }
    return encoder.encode(text);
  },
  remove(r, b) {
    const at = int(r, b.length + 1);
    return concat([b.slice(0, at), b.slice(Math.min(b.length, at + 1 + int(r, 200)))]);
  },
  duplicate(r, b) {
    const at = int(r, b.length + 1);
    const len = int(r, 400);
    return concat([b.slice(0, at + len), b.slice(at, at + len), b.slice(at + len)]);
  },
  splice(r, b, seeds) {
    const other = pick(r, seeds).bytes;
    return concat([b.slice(0, int(r, b.length + 1)), other.slice(int(r, other.length + 1))]);
  },
  badUtf8(r, b) {
    const at = int(r, b.length + 1);
    return concat([b.slice(0, at), Uint8Array.from(pick(r, BAD_UTF8)), b.slice(at)]);
  },
  latin1(_r, b) {
    // Re-encode as ISO-8859-1: every non-ASCII character becomes one byte (invalid UTF-8).
    const text = decoder.decode(b) + ' -- café naïve';
    return Uint8Array.from(Array.from(text, (ch) => (ch.codePointAt(0)! <= 0xff ? ch.codePointAt(0)! : 0x3f)));
  },
};

const NAMES = ['V1__fuzz.sql', '001_fuzz.up.sql', '001_fuzz.down.sql', '20240101000000_fuzz.sql', 'fuzz.sql', 'up.sql'];

function randomBytes(r: Random): Uint8Array {
  const out = new Uint8Array(int(r, 4096));
  for (let i = 0; i < out.length; i++) out[i] = int(r, 256);
  return out;
}

/** Printable soup of SQL tokens: syntax the parser half-understands. */
function tokenSoup(r: Random): Uint8Array {
  const parts: string[] = [];
  for (let n = int(r, 200); n > 0; n--) parts.push(pick(r, TOKENS), r() < 0.5 ? ' ' : '');
  return encoder.encode(parts.join(''));
}

/** Input `index` of the run seeded with `seed`. */
export function makeInput(seed: number, index: number, seeds: readonly SeedFile[]): FuzzInput {
  const r = random((seed * 0x9e3779b1) ^ (index * 0x85ebca77));
  const roll = r();
  if (roll < 0.03 || seeds.length === 0) return { index, name: pick(r, NAMES), bytes: randomBytes(r), kind: 'random-bytes', seed: '' };
  if (roll < 0.06) return { index, name: pick(r, NAMES), bytes: tokenSoup(r), kind: 'token-soup', seed: '' };
  const source = pick(r, seeds);
  let bytes = source.bytes;
  // Decoding failures stop at invalid-file: keep them a small share of the inputs.
  const names = Object.keys(MUTATIONS).flatMap((m) => (m === 'badUtf8' || m === 'latin1' ? [m] : [m, m, m, m]));
  const applied: string[] = [];
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const m = pick(r, names);
    applied.push(m);
    bytes = MUTATIONS[m]!(r, bytes, seeds);
  }
  return { index, name: r() < 0.85 ? source.name : pick(r, NAMES), bytes, kind: applied.join('+'), seed: source.name };
}
