// The parser's WASM (libpg-query's), compiled once per thread. start.cjs starts the compile before
// the CLI's code loads, so V8 decodes the module meanwhile; cli.cjs, a bundle with its own copy of
// this module, takes the same promise through a global symbol and instantiates it when it parses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lowerStartingMemory, PARSER_STARTING_PAGES } from './wasm-starting-memory.js';

/** The parts of the WebAssembly global used here (the project's TypeScript libraries do not declare it). */
export interface WasmInstance {
  exports: object;
}
/** A compiled WebAssembly.Module. */
export type CompiledWasm = object;
export type WasmImports = Record<string, Record<string, unknown>>;
export const webAssembly = (
  globalThis as unknown as {
    WebAssembly: { compile(binary: Uint8Array): Promise<CompiledWasm>; instantiate(module: CompiledWasm, imports: WasmImports): Promise<WasmInstance> };
  }
).WebAssembly;

const COMPILED = Symbol.for('migrationlint.pg-parser-wasm');
type Holder = { [COMPILED]?: Promise<CompiledWasm> };

/** Starts compiling the parser's WASM (once per thread), with a smaller starting memory (src/wasm-starting-memory.ts). */
export function compileParserWasm(): Promise<CompiledWasm> {
  const holder = globalThis as Holder;
  if (!holder[COMPILED]) {
    holder[COMPILED] = compile();
    // A failure is the parse's to report: a run that never parses must not die of it.
    holder[COMPILED].catch(() => undefined);
  }
  return holder[COMPILED];
}

async function compile(): Promise<CompiledWasm> {
  const binary = readFileSync(createRequire(import.meta.url).resolve('libpg-query/wasm/libpg-query.wasm'));
  lowerStartingMemory(binary, PARSER_STARTING_PAGES);
  return webAssembly.compile(binary);
}
