// The cache options of `lint --cache [--cache-location <dir>]`.
import { resolve } from 'node:path';
import type { CliIO } from '../cli-io.js';
import type { ResolvedConfig } from '../config.js';
import type { ResultCacheOptions } from './engine.js';

/** Beside `.migrationlint/db` (the apply engine's database), from the config's directory. */
const DEFAULT_CACHE_LOCATION = '.migrationlint/cache';

/** `location` is the --cache-location flag (relative to cwd). MIGRATIONLINT_CACHE_STATS=1 prints the hit counts. */
export function cliCacheOptions(io: CliIO, config: ResolvedConfig, location: string | undefined): ResultCacheOptions {
  return {
    location: location ? resolve(io.cwd, location) : resolve(config.dir, DEFAULT_CACHE_LOCATION),
    root: config.dir,
    warn: (message) => io.stderr(`migrationlint: warning: ${message}\n`),
    ...(io.env.MIGRATIONLINT_CACHE_STATS ? { stats: ({ hit, missed, catalogsRead, unchangedRun }) => io.stderr(`cache: ${hit} hit, ${missed} missed\n${catalogsRead ? `cache: catalogs read after ${catalogsRead} migrations\n` : ''}${unchangedRun ? 'cache: the report of an unchanged run\n' : ''}`) } : {}),
  };
}
