// The PostgreSQL parser: libpg-query's WASM, called directly. Every module reaches the parser
// through this one. libpg-query's own wrappers move text across the WASM boundary one byte at a
// time in JavaScript and make an Error (with its stack) for each syntax error; here the query is
// written by Buffer.write, the result found by indexOf(0) and decoded natively, and a syntax
// error is a value (parseQuery). Same WASM, same JSON, same messages: a cold parse of the corpus'
// sections took 289 → 238 ms CPU.
import type { ParseResult } from '@pgsql/types';
import type { ScanResult } from 'libpg-query';
import createPgQueryModule from 'libpg-query/wasm/libpg-query.js';
import { compileParserWasm, webAssembly } from './pg-parser-wasm.js';

/** The Emscripten module of libpg-query's WASM: the exports its wrappers use. */
interface PgQueryWasm {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(queryPtr: number): number;
  _wasm_free_parse_result(resultPtr: number): void;
  _wasm_parse_plpgsql(queryPtr: number): number;
  _wasm_scan(queryPtr: number): number;
  _wasm_free_string(ptr: number): void;
}

/** The parser's verdict on a query: its tree, or PostgreSQL's error with a 0-based code-point cursor. */
export type ParseOutcome = { tree: ParseResult; error?: undefined } | { tree?: undefined; error: { message: string; cursorPosition: number } };

/** What libpg-query throws for a syntax error, for callers that catch. */
class SqlError extends Error {
  constructor(readonly sqlDetails: { message: string; cursorPosition: number }) {
    super(sqlDetails.message);
    this.name = 'SqlError';
  }
}

// Instantiating the WASM starts when it is first asked for: a run that never parses (`lint
// --cache` with nothing changed) must not pay for it. Its compile may have started earlier
// (start.cjs: src/pg-parser-wasm.ts). The instance is the thread's, kept on its global.
const INSTANCE = Symbol.for('migrationlint.pg-parser');
type Holder = { [INSTANCE]?: Promise<PgQueryWasm> };

let wasm: PgQueryWasm | undefined;

/** Starts instantiating the parser's WASM (once per thread); resolves when parse functions may be called. */
export function loadModule(): Promise<void> {
  const holder = globalThis as Holder;
  holder[INSTANCE] ??= instantiate();
  return holder[INSTANCE].then((module) => {
    wasm = module;
  });
}

/**
 * libpg-query's Emscripten module over the WASM compiled by src/pg-parser-wasm.ts. Its JavaScript
 * is imported, not required: in cli.cjs it is bundled, so it comes through the CLI's code cache.
 */
function instantiate(): Promise<PgQueryWasm> {
  // Emscripten waits for `receive` and nothing else: a failed compile or instantiation must reject the load.
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const module = createPgQueryModule({
    instantiateWasm(imports, receive) {
      compileParserWasm()
        .then((compiled) => webAssembly.instantiate(compiled, imports))
        .then(receive, failed);
      return {};
    },
  }) as Promise<PgQueryWasm>;
  return Promise.race([module, failure]);
}

/** True once loadModule has resolved: the parse functions may be called. */
export const parserLoaded = (): boolean => wasm !== undefined;

function loaded(): PgQueryWasm {
  if (!wasm) throw new Error('WASM module not initialized. Call loadModule() first.');
  return wasm;
}

// Views of the WASM memory, made again when it grows (a new ArrayBuffer).
let heapSeen: Uint8Array | undefined;
let heapBytes: Buffer = Buffer.alloc(0);
let heapView: DataView = new DataView(heapBytes.buffer);

function heap(module: PgQueryWasm): Buffer {
  if (module.HEAPU8 !== heapSeen) {
    heapSeen = module.HEAPU8;
    heapBytes = Buffer.from(heapSeen.buffer, heapSeen.byteOffset, heapSeen.byteLength);
    heapView = new DataView(heapSeen.buffer, heapSeen.byteOffset, heapSeen.byteLength);
  }
  return heapBytes;
}

const int32At = (module: PgQueryWasm, ptr: number): number => {
  heap(module);
  return heapView.getInt32(ptr, true);
};

/** The NUL-terminated UTF-8 string at `ptr`. */
function stringAt(module: PgQueryWasm, ptr: number): string {
  const bytes = heap(module);
  return bytes.toString('utf8', ptr, bytes.indexOf(0, ptr));
}

/** Calls `run` with the query as a NUL-terminated UTF-8 string in the WASM memory. */
function withQuery<T>(module: PgQueryWasm, query: string, run: (queryPtr: number) => T): T {
  const length = Buffer.byteLength(query);
  const queryPtr = module._malloc(length + 1);
  try {
    const bytes = heap(module);
    bytes.write(query, queryPtr, length, 'utf8');
    bytes[queryPtr + length] = 0;
    return run(queryPtr);
  } finally {
    module._free(queryPtr);
  }
}

/** The parse tree of `query` (libpg-query's JSON, parsed), or the parser's error. */
export function parseQuery(query: string): ParseOutcome {
  const module = loaded();
  if (query === '') return { error: { message: 'Query cannot be empty', cursorPosition: 0 } };
  try {
    return parseInWasm(module, query);
  } catch (error) {
    // A nesting deep enough to overflow the WASM's stack before PostgreSQL's own depth check (a
    // RangeError), or a trap: the query's verdict, as libpg-query's wrapper error was before.
    if (error instanceof RangeError || (error instanceof Error && error.name === 'RuntimeError')) return { error: { message: error.message, cursorPosition: 0 } };
    throw error;
  }
}

function parseInWasm(module: PgQueryWasm, query: string): ParseOutcome {
  return withQuery(module, query, (queryPtr) => {
    const resultPtr = module._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error('Failed to parse query: memory allocation failed');
    try {
      // PgQueryParseResult { parse_tree, stderr_buffer, error }; PgQueryError { message, funcname, filename, lineno, cursorpos }.
      const errorPtr = int32At(module, resultPtr + 8);
      if (errorPtr) {
        const messagePtr = int32At(module, errorPtr);
        const cursor = int32At(module, errorPtr + 16);
        return { error: { message: messagePtr ? stringAt(module, messagePtr) : 'Unknown error', cursorPosition: cursor > 0 ? cursor - 1 : 0 } };
      }
      const treePtr = int32At(module, resultPtr);
      if (!treePtr) throw new Error('No parse tree generated');
      return { tree: JSON.parse(stringAt(module, treePtr)) as ParseResult };
    } finally {
      module._wasm_free_parse_result(resultPtr);
    }
  });
}

/** As libpg-query's parseSync: the tree, or a thrown SqlError. */
export function parseSync(query: string): ParseResult {
  const outcome = parseQuery(query);
  if (outcome.error) throw new SqlError(outcome.error);
  return outcome.tree;
}

/** A string result of the WASM (JSON, or an error message), freed after reading. */
function stringResult(module: PgQueryWasm, query: string, call: (queryPtr: number) => number): string {
  return withQuery(module, query, (queryPtr) => {
    const resultPtr = call(queryPtr);
    if (!resultPtr) return '';
    try {
      return stringAt(module, resultPtr);
    } finally {
      module._wasm_free_string(resultPtr);
    }
  });
}

/** As libpg-query's parsePlPgSQLSync: the PL/pgSQL functions of a CREATE FUNCTION or DO statement. */
export function parsePlPgSQLSync(query: string): ParseResult {
  const module = loaded();
  const result = stringResult(module, query, (ptr) => module._wasm_parse_plpgsql(ptr));
  // Success is always a JSON object; anything else is an error message.
  if (!result.startsWith('{')) throw new Error(result);
  return JSON.parse(result) as ParseResult;
}

/** As libpg-query's scanSync: the scanner's tokens, with byte offsets. */
export function scanSync(query: string): ScanResult {
  const module = loaded();
  const result = stringResult(module, query, (ptr) => module._wasm_scan(ptr));
  if (result.startsWith('syntax error') || result.startsWith('deparse error') || result.startsWith('ERROR')) throw new Error(result);
  return JSON.parse(result) as ScanResult;
}
