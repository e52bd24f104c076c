// What earlier versions of the cache wrote beside the current files: never read again (each
// version has its own name), removed once the current version has written its own.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Removes `names` (files or directories) from the cache location; what cannot be removed is left for a later run. */
export function removeEarlierVersions(location: string, names: readonly string[]): void {
  for (const name of names) {
    try {
      rmSync(join(location, name), { recursive: true, force: true });
    } catch {
      // Nothing reads it: left as it is.
    }
  }
}
