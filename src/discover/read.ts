// Bytes → text, or an invalid-file problem. Never throws.
import { isUtf8 } from 'node:buffer';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import type { DiscoveryProblem } from '../types.js';
import type { InsideCheck } from './inside.js';
import { problem } from './part.js';
import { notSqlProblem } from './sql-looking.js';

/** `bom`: the bytes began with a UTF-8 byte order mark, which `text` leaves out. */
export type Decoded = { text: string; bom?: boolean; problem?: undefined } | { text?: undefined; problem: DiscoveryProblem };


const withoutBom = (text: string): Decoded => (text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text });

/** Decode a file's bytes as UTF-8 without BOM; offsets of everything downstream refer to the result. */
export function decodeFileBytes(path: string, bytes: Uint8Array): Decoded {
  // isUtf8 + toString is several times faster than a fatal TextDecoder on many small files.
  if (!isUtf8(bytes)) return { problem: problem(path, 'invalid-file', 'not a UTF-8 text file') };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: problem(path, 'invalid-file', `binary file (NUL byte at offset ${nul})`) };
  return withoutBom(text);
}

/** The same checks for text that is already a string (editor buffers, stdin). */
export function checkText(path: string, raw: string): Decoded {
  const nul = raw.indexOf('\0');
  if (nul !== -1) return { problem: problem(path, 'invalid-file', `binary file (NUL byte at offset ${nul})`) };
  return withoutBom(raw);
}

// Synchronous on purpose: for thousands of small files one blocking read each is ~10× faster
// than the thread-pool round trips of fs/promises (stat, open, fstat, read, close).
/**
 * `sql`: the file is to be SQL (not an ORM migration in its host language), so it must look like SQL.
 * `regular`: a directory walk just saw it as a regular file, not a symlink (no lstat needed).
 */
export function readSource(path: string, overrides?: Map<string, string>, inside?: InsideCheck, sql = true, regular = false): Decoded {
  const override = overrides?.get(path);
  if (override !== undefined) return checkText(path, override);
  let bytes: Uint8Array;
  try {
    const link = regular ? undefined : lstatSync(path);
    const outside = inside?.(path, link?.isSymbolicLink() ?? false);
    if (outside) return { problem: outside };
    // Checked first: reading a FIFO would wait for a writer forever (a directory fails with EISDIR).
    const info = link?.isSymbolicLink() ? statSync(path) : link;
    if (info && !info.isFile() && !info.isDirectory()) return { problem: problem(path, 'invalid-file', `not a regular file (${info.isFIFO() ? 'a named pipe' : 'a device or socket'})`) };
    bytes = readFileSync(path);
  } catch (e) {
    return { problem: problem(path, 'invalid-file', e instanceof Error ? e.message : String(e)) };
  }
  // A file on disk may be anything a symlink or a misnamed file brings in: only SQL gets parsed and shown.
  const decoded = decodeFileBytes(path, bytes);
  const notSql = decoded.text === undefined || !sql ? undefined : notSqlProblem(path, decoded.text);
  return notSql ? { problem: notSql } : decoded;
}
