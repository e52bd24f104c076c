// The PostgreSQL parser's WASM called directly, for the parse-ahead worker: the parse tree as the
// JSON text libpg-query produces (posted to the analysing thread, which JSON.parses it), with the
// query written into the WASM heap by Buffer.write and the result found by indexOf(0) instead of
// libpg-query's byte-at-a-time JavaScript loops. Its own module instance: nothing else in a
// worker parses.
import { createRequire } from 'node:module';

interface PgQueryModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(queryPtr: number): number;
  _wasm_free_parse_result(resultPtr: number): void;
}

/** What libpg-query's parseSync gives, before JSON.parse: the tree as JSON, or its SqlError's details. */
export type RawParse = { json: string } | { error: { message: string; cursorPosition: number } };

export type RawParser = (query: string) => RawParse;

const decoder = new TextDecoder();

export async function loadRawParser(): Promise<RawParser> {
  const factory = createRequire(import.meta.url)('libpg-query/wasm/libpg-query.js') as () => Promise<PgQueryModule>;
  const wasm = await factory();
  const int32At = (heap: Uint8Array, ptr: number) => new DataView(heap.buffer, heap.byteOffset).getInt32(ptr, true);
  const stringAt = (heap: Uint8Array, ptr: number) => decoder.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));
  return (query) => {
    const length = Buffer.byteLength(query);
    const queryPtr = wasm._malloc(length + 1);
    // Read after _malloc: a heap that grows is a new buffer.
    const heap = wasm.HEAPU8;
    Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength).write(query, queryPtr, length, 'utf8');
    heap[queryPtr + length] = 0;
    let resultPtr = 0;
    try {
      resultPtr = wasm._wasm_parse_query_raw(queryPtr);
      if (!resultPtr) throw new Error('Failed to parse query: memory allocation failed');
      const after = wasm.HEAPU8;
      // PgQueryParseResult { parse_tree, stderr_buffer, error }; PgQueryError { message, funcname, filename, lineno, cursorpos }.
      const errorPtr = int32At(after, resultPtr + 8);
      if (errorPtr) {
        const messagePtr = int32At(after, errorPtr);
        const cursor = int32At(after, errorPtr + 16);
        return { error: { message: messagePtr ? stringAt(after, messagePtr) : 'Unknown error', cursorPosition: cursor > 0 ? cursor - 1 : 0 } };
      }
      const treePtr = int32At(after, resultPtr);
      if (!treePtr) throw new Error('No parse tree generated');
      return { json: stringAt(after, treePtr) };
    } finally {
      wasm._free(queryPtr);
      if (resultPtr) wasm._wasm_free_parse_result(resultPtr);
    }
  };
}
