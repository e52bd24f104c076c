// libpg-query's Emscripten module factory (wasm/libpg-query.js, CommonJS), which the package
// does not declare: src/pg-parser.ts calls it with its own instantiateWasm.
declare module 'libpg-query/wasm/libpg-query.js' {
  const createModule: (options: { instantiateWasm(imports: Record<string, Record<string, unknown>>, receive: (instance: { exports: object }) => void): object }) => Promise<unknown>;
  export default createModule;
}
