// Which files `lint --fix` may edit. A migration that already ran must not change (apply would
// refuse it as drift, and the schema model would read a history that never ran), and `lint` does
// not know which ran. So, unless --fix-all:
// - --changed-since / --staged: the migrations in that scope;
// - .sql files named on the command line: those files;
// - otherwise (the configured set, a directory, a glob): the newest migration of each set only,
//   the one being written (an older one may have run anywhere).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import fg from 'fast-glob';
import type { MigrationSet } from './types.js';

export interface FixTargetInput {
  cwd: string;
  paths: readonly string[];
  scope?: { has(file: string): boolean };
  fixAll: boolean;
}

function namedFiles(cwd: string, paths: readonly string[]): Set<string> | undefined {
  if (paths.length === 0) return undefined;
  const files = new Set<string>();
  for (const p of paths) {
    const file = resolve(cwd, p);
    if (!isFile(file) && !/\.sql$/i.test(p)) return undefined; // a directory or a glob
    if (fg.isDynamicPattern(p)) return undefined;
    files.add(file);
  }
  return files;
}

/** A file on disk; a .sql path that does not exist is a file too (--stdin-filename). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files of the newest migration of the set (its up and down files). */
function newestMigration(set: MigrationSet): Set<string> {
  const newest = set.migrations[set.migrations.length - 1];
  return new Set(newest ? [newest.up.file, ...(newest.down ? [newest.down.file] : [])] : []);
}

/** Decides, for one linted set, whether `--fix` may edit a file. */
export function fixTargets(input: FixTargetInput, set: MigrationSet): (file: string) => boolean {
  if (input.fixAll) return () => true;
  if (input.scope) return (file) => input.scope!.has(file);
  const named = namedFiles(input.cwd, input.paths);
  const allowed = named ?? newestMigration(set);
  return (file) => allowed.has(file);
}
