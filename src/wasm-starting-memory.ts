// The starting size of a WASM module's own memory, rewritten in its binary before it is compiled.
//
// libpg-query's module starts with 128 MB. V8 counts a WASM memory as external memory, and more
// than 64 MB of it at once makes V8 start a full garbage collection (concurrent marking and
// sweeping) in a process that has barely begun: ~7% of the instructions of a one-file lint. The
// parser's first parse reserves ~40 MB and the whole corpus fits in that; a larger input grows
// the memory as before (up to the module's own maximum). Started at 16 MB instead, the first
// parse grows it to ~40 MB and the collection happens anyway (old and new buffer counted).

const MEMORY_SECTION = 5;
const PAGE_BYTES = 64 * 1024;
/** 48 MB: above what the first parse takes, below V8's 64 MB external-memory limit. */
export const PARSER_STARTING_PAGES = (48 * 1024 * 1024) / PAGE_BYTES;

/**
 * Rewrites `wasm` in place so that its own memory starts at `pages` when it started larger, in the
 * same number of LEB128 bytes (nothing else moves). Leaves it as it is when there is no such
 * memory (none, imported, shared, a smaller start) or the binary is not understood.
 */
export function lowerStartingMemory(wasm: Uint8Array, pages: number): void {
  const at = memoryMinimum(wasm);
  if (at === undefined || at.value <= pages) return;
  for (let i = 0, rest = pages; i < at.length; i++, rest = Math.floor(rest / 128)) {
    wasm[at.offset + i] = (rest % 128) | (i < at.length - 1 ? 0x80 : 0);
  }
}

interface Leb {
  value: number;
  offset: number;
  length: number;
}

/** Where the first memory's minimum page count is encoded, if the module defines one memory. */
export function memoryMinimum(wasm: Uint8Array): Leb | undefined {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || magic.some((byte, i) => wasm[i] !== byte)) return undefined;
  let offset = 8;
  while (offset < wasm.length) {
    const id = wasm[offset];
    const size = readLeb(wasm, offset + 1);
    if (size === undefined) return undefined;
    const start = offset + 1 + size.length;
    if (id === MEMORY_SECTION) {
      const count = readLeb(wasm, start);
      if (count?.value !== 1) return undefined;
      const flags = readLeb(wasm, start + count.length);
      // 0: a minimum; 1: a minimum and a maximum. Shared or 64-bit memories are left alone.
      if (flags === undefined || flags.value > 1) return undefined;
      return readLeb(wasm, start + count.length + flags.length);
    }
    offset = start + size.value;
  }
  return undefined;
}

function readLeb(bytes: Uint8Array, offset: number): Leb | undefined {
  let value = 0;
  for (let i = 0; i < 5 && offset + i < bytes.length; i++) {
    const byte = bytes[offset + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, offset, length: i + 1 };
  }
  return undefined;
}
