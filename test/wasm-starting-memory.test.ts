// The parser's WASM starts with less memory (src/wasm-starting-memory.ts): only the count of
// starting pages changes, the module stays valid, and what cannot be rewritten is left alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lowerStartingMemory, memoryMinimum, PARSER_STARTING_PAGES } from '../src/wasm-starting-memory.js';

interface WasmMemory {
  buffer: ArrayBuffer;
}
const wasmApi = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean; Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: { m: WasmMemory } } } }).WebAssembly;

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** A module with one memory (minimum `min`, encoded as given, maximum 40000 pages) exported as `m`. */
const moduleWithMemory = (min: number[]): Uint8Array => {
  const memory = [0x01, 0x01, ...min, 0xc0, 0xb8, 0x02];
  const exports = [0x01, 0x01, 0x6d, 0x02, 0x00];
  return Uint8Array.from([...HEADER, 0x05, memory.length, ...memory, 0x07, exports.length, ...exports]);
};

const parserWasm = () => readFileSync(createRequire(import.meta.url).resolve('libpg-query/wasm/libpg-query.wasm'));

describe('lowerStartingMemory', () => {
  it("rewrites libpg-query's 128 MB start to 48 MB and nothing else", () => {
    const original = parserWasm();
    expect(memoryMinimum(original)?.value).toBe(2048);
    const patched = Uint8Array.from(original);
    lowerStartingMemory(patched, PARSER_STARTING_PAGES);
    expect(memoryMinimum(patched)?.value).toBe(768);
    const changed = [...patched.keys()].filter((i) => patched[i] !== original[i]);
    const at = memoryMinimum(original);
    expect(changed.every((i) => at !== undefined && i >= at.offset && i < at.offset + at.length)).toBe(true);
    expect(changed.length).toBeGreaterThan(0);
    expect(wasmApi.validate(patched)).toBe(true);
  });

  it('keeps the encoding length: a 3-byte count becomes a padded 3-byte count the engine accepts', () => {
    const bytes = moduleWithMemory([0xa0, 0x9c, 0x01]); // 20000 pages
    expect(memoryMinimum(bytes)).toMatchObject({ value: 20000, length: 3 });
    lowerStartingMemory(bytes, 768);
    expect(memoryMinimum(bytes)).toMatchObject({ value: 768, length: 3 });
    const memory = new wasmApi.Instance(new wasmApi.Module(bytes)).exports.m;
    expect(memory.buffer.byteLength).toBe(768 * 64 * 1024);
  });

  it('leaves a smaller start, a module without memory and bytes that are not WASM as they are', () => {
    const small = moduleWithMemory([0x10]);
    lowerStartingMemory(small, 768);
    expect(memoryMinimum(small)?.value).toBe(16);
    const none = Uint8Array.from(HEADER);
    lowerStartingMemory(none, 768);
    expect(none).toEqual(Uint8Array.from(HEADER));
    const text = new TextEncoder().encode('not a wasm module at all');
    lowerStartingMemory(text, 768);
    expect(new TextDecoder().decode(text)).toBe('not a wasm module at all');
    expect(memoryMinimum(Uint8Array.from([...HEADER, 0x05, 0x80]))).toBeUndefined();
  });
});
