// Bytes → text, or an invalid-file problem. Never throws.
import { readFile, stat } from 'node:fs/promises';
import type { DiscoveryProblem } from '../types.js';
import { problem } from './part.js';

export type Decoded = { text: string; problem?: undefined } | { text?: undefined; problem: DiscoveryProblem };

// ignoreBOM keeps the BOM in the output so that stripping it happens in one place.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Decode a file's bytes as UTF-8 without BOM; offsets of everything downstream refer to the result. */
export function decodeFileBytes(path: string, bytes: Uint8Array): Decoded {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: problem(path, 'invalid-file', 'not a UTF-8 text file') };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: problem(path, 'invalid-file', `binary file (NUL byte at offset ${nul})`) };
  return { text: stripBom(text) };
}

/** The same checks for text that is already a string (editor buffers, stdin). */
export function checkText(path: string, raw: string): Decoded {
  const nul = raw.indexOf('\0');
  if (nul !== -1) return { problem: problem(path, 'invalid-file', `binary file (NUL byte at offset ${nul})`) };
  return { text: stripBom(raw) };
}

export async function readSource(path: string, overrides?: Map<string, string>): Promise<Decoded> {
  const override = overrides?.get(path);
  if (override !== undefined) return checkText(path, override);
  let bytes: Uint8Array;
  try {
    // Checked first: reading a FIFO would wait for a writer forever (a directory fails with EISDIR).
    const info = await stat(path);
    if (!info.isFile() && !info.isDirectory()) return { problem: problem(path, 'invalid-file', `not a regular file (${info.isFIFO() ? 'a named pipe' : 'a device or socket'})`) };
    bytes = await readFile(path);
  } catch (e) {
    return { problem: problem(path, 'invalid-file', e instanceof Error ? e.message : String(e)) };
  }
  return decodeFileBytes(path, bytes);
}
