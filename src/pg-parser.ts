// The PostgreSQL parser (libpg-query), required when first used: requiring it starts
// instantiating its WASM, which a run that never parses (`lint --cache` with nothing changed)
// must not pay for. Every module reaches the parser through this one.
import { createRequire } from 'node:module';

type LibPgQuery = typeof import('libpg-query');

let parser: LibPgQuery | undefined;
const required = () => (parser ??= createRequire(import.meta.url)('libpg-query') as LibPgQuery);

let loaded = false;
export const loadModule = (): Promise<void> =>
  required()
    .loadModule()
    .then(() => {
      loaded = true;
    });
/** True once loadModule has resolved: parseSync may be called. */
export const parserLoaded = (): boolean => loaded;
export const parseSync: LibPgQuery['parseSync'] = (query) => required().parseSync(query);
export const parsePlPgSQLSync: LibPgQuery['parsePlPgSQLSync'] = (query) => required().parsePlPgSQLSync(query);
export const scanSync: LibPgQuery['scanSync'] = (query) => required().scanSync(query);
