// Which migrations directory a migration belongs to: the unit of the schema model, of "the set
// has down migrations", of the worker threads' partition and of the set-level passes.
import { dirname } from 'node:path';
import type { Migration } from './types.js';

const directories = new WeakMap<Migration, string>();

/** The directory a migration's set lives in (the parent of `V_name/` for one directory per migration). */
export function setDirectory(m: Migration): string {
  // Remembered: the language server asks again for every migration of the set on each keystroke.
  let directory = directories.get(m);
  if (directory === undefined) {
    const dir = dirname(m.up.file);
    directory = m.layout === 'up-down-dir' || m.layout === 'migration-dir' ? dirname(dir) : dir;
    directories.set(m, directory);
  }
  return directory;
}
