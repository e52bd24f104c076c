// Commands run with no config file and no paths: the migration sets zero-config discovery finds
// (src/discover/zero-config.ts), the line that says what was found, and the messages for
// nothing found and for several sets where a command takes one.
import { resolve } from 'node:path';
import { CONFIG_FILE, type ResolvedConfig } from './config.js';
import { DiscoveryError } from './discover/expand.js';
import { MAX_DEPTH } from './discover/candidates.js';
import { findMigrationSets, type FoundSet } from './discover/zero-config.js';
import { printable } from './output-safe.js';

export type { FoundSet } from './discover/zero-config.js';

/** Did the command run without a config file (none found upward, no --config)? */
export const withoutConfigFile = (config: ResolvedConfig): boolean => config.file === undefined;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `434 Prisma Migrate migrations (and 1 migrationlint migration)`. */
function described(set: FoundSet): string {
  const others = [...set.others].map(([runner, n]) => plural(n, `${runner} migration`)).join(', ');
  return `${plural(set.count, `${set.runner.title} migration`)}${others ? ` (plus ${others})` : ''}`;
}

/** The one line per set on stderr: `found 434 Prisma Migrate migrations in packages/shared/prisma/migrations`. */
export function foundLine(set: FoundSet): string {
  return `migrationlint: found ${described(set)} in ${printable(set.dir)}\n`;
}

/**
 * The config a set is linted, verified or applied with: the defaults, its directory as
 * `migrations` (and its runner when pinned), inside the project as discovery read it (a set
 * found upward from a named file may lie outside the working directory).
 */
export function configForSet(defaults: ResolvedConfig, set: FoundSet): ResolvedConfig {
  const dir = resolve(defaults.dir, set.dir);
  return { ...defaults, migrations: [set.dir], allowOutside: [...defaults.allowOutside, dir], ...(set.pinned ? { runner: set.runner.name } : {}) };
}

/** How to point at a directory, for a command that takes paths (`lint`) or not (`apply`). */
function pointAt(command: string, takesPaths: boolean): string {
  const named = takesPaths ? `\`migrationlint ${command} path/to/migrations\`, or ` : '';
  return `point at a directory: ${named}\`migrationlint init --migrations path/to/migrations\` writes a ${CONFIG_FILE}`;
}

/** The sets under the working directory; a DiscoveryError (exit 2) saying where it looked when there is none. */
export async function zeroConfigSets(cwd: string, command: string, takesPaths: boolean): Promise<FoundSet[]> {
  const { sets, looked, passed } = await findMigrationSets(cwd);
  if (sets.length > 0) return sets;
  const held = passed.map((p) => `  ${printable(p.dir)}: ${printable(p.why)}`);
  throw new DiscoveryError(
    [
      `no ${CONFIG_FILE} and no migrations found under the current directory.`,
      `  looked in: ${looked.dirs.join(', ')} (those with "migration" or a "/" in their name also in subdirectories, ${MAX_DEPTH} levels down)`,
      `  and for the files: ${looked.markers.join(', ')}`,
      ...(held.length > 0 ? ['no set in the directories they name:', ...held] : []),
      pointAt(command, takesPaths),
    ].join('\n'),
  );
}

/**
 * For a command that works on one set (apply, verify…): the set found, its line printed; a
 * DiscoveryError listing the sets when there are several. `hint`: a path the command was given
 * (`trace FILE`) picks the set that holds it.
 */
export async function singleSet(cwd: string, command: string, takesPaths: boolean, stderr: (s: string) => void, hint?: (dir: string) => boolean): Promise<FoundSet> {
  const sets = await zeroConfigSets(cwd, command, takesPaths);
  const picked = sets.length === 1 ? sets : sets.filter((s) => hint?.(s.dir));
  if (picked.length === 1) {
    stderr(foundLine(picked[0]!));
    return picked[0]!;
  }
  const [first] = sets;
  throw new DiscoveryError(
    [
      `no ${CONFIG_FILE}, and ${sets.length} migration sets found; \`${command}\` works on one:`,
      ...sets.map((s) => `  ${printable(s.dir)}: ${described(s)}`),
      `pick one: ${takesPaths ? `\`migrationlint ${command} ${printable(first!.dir)}\`, or ` : ''}\`migrationlint init --migrations ${printable(first!.dir)}\` writes a ${CONFIG_FILE} for it`,
    ].join('\n'),
  );
}
