// A migration as the cache keys see it: its JSON without the section texts (their digests stand
// for them), with paths relative to its migrations directory, so a moved checkout keys alike.
import { basename, dirname, relative, sep } from 'node:path';
import type { Migration, SectionSource } from '../types.js';
import { textLength, withoutText } from './text-digest.js';

/** path.relative(from, file), computed once per directory of files (it is slow for thousands). */
export function relativePaths(from: string): (file: string) => string {
  const dirs = new Map<string, string>();
  return (file) => {
    const dir = dirname(file);
    let rel = dirs.get(dir);
    if (rel === undefined) dirs.set(dir, (rel = relative(from, dir)));
    // What join() gives: `rel` is normalized (relative() made it) and a base name has no separator.
    return rel === '' ? basename(file) : rel + sep + basename(file);
  };
}

/**
 * The migration without its section texts, file paths relative to its directory (setDirectory:
 * what every caller passes, so it is computed once per migration). The texts are
 * covered by the digests of the files they are slices of (`fileDigest`).
 */
export function migrationJson(m: Migration, relativeFile: (file: string) => string): string {
  let json = jsonOf.get(m);
  if (json === undefined) {
    const section = (source: SectionSource) => ({ ...withoutText(source), file: relativeFile(source.file), length: textLength(source) });
    jsonOf.set(m, (json = JSON.stringify({ ...m, up: section(m.up), ...(m.down ? { down: section(m.down) } : {}) })));
  }
  return json;
}

/** Kept per migration: the result cache's keys and the kept catalogs' both need it, with paths relative to the migration's directory. */
const jsonOf = new WeakMap<Migration, string>();

