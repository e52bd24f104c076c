// Which file names are migration files: the extensions of the configured runner, or of every
// runner under `auto`. SQL-only runners read `.sql`; ORM runners read their host language.
import path from 'node:path';
import type { RunnerName } from '../types.js';
import { runnerNamed, runners } from './index.js';
import type { RunnerModule } from './types.js';

const SQL: readonly string[] = ['.sql'];

export const extensionsOf = (runner: RunnerModule): readonly string[] => runner.extensions ?? SQL;

/** The extension as runners list it: lower case, with the dot (`.ts`); '' when none. */
export const extensionOfPath = (file: string): string => path.extname(file).toLowerCase();

/**
 * An ORM runner reads its host language's files; a SQL runner any other file (`lint notes.txt` is
 * read as SQL, as always). `extension` as extensionOfPath gives it.
 */
export const runnerReadsExtension = (runner: RunnerModule, extension: string): boolean => (runner.extensions ? runner.extensions.includes(extension) : !isHostExtension(extension));

/** Extensions of the migration files `runner` (a config value) reads; under `auto`, every runner's. */
export function migrationExtensions(runner: RunnerName): readonly string[] {
  if (runner !== 'auto') return extensionsOf(runnerNamed(runner));
  return [...new Set(runners.flatMap(extensionsOf))];
}

let hostExtensions: Set<string> | undefined;

/** Files of a host language (not SQL): never checked for looking like SQL, never parsed as SQL. */
export function isHostFile(file: string): boolean {
  return isHostExtension(extensionOfPath(file));
}

function isHostExtension(extension: string): boolean {
  hostExtensions ??= new Set(runners.flatMap((r) => (r.extensions ?? []).filter((e) => e !== '.sql')));
  return hostExtensions.has(extension);
}

/** The ORM runners, as messages name them ("TypeORM, MikroORM"). */
export const hostRunnerTitles = (): string => runners.filter((r) => r.extensions).map((r) => r.title).join(', ');
