// Paths whose stat records vouch that what discovery read of them — a file's text, a directory's
// names, a path's absence — is still the same. As git trusts an index entry: a record taken within
// the racy margin of the run that read the path proves nothing (mtimes can be as coarse as 2 s).
// A directory whose mtime moved (an editor saving by rename, a checkout) still holds when its
// names are the same, so its names are kept beside its record.
import { readdirSync, statSync } from 'node:fs';
import { sameRecord, type StatRecord } from './input-stats.js';

export const RACY_MARGIN_MS = 2000;

/** A path, its record (null: it did not exist), and a directory's sorted names. */
export type VouchedInput = [path: string, record: StatRecord, names?: string[]];

const recordOf = (path: string): { record: StatRecord; directory: boolean } => {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? { record: [s.size, s.mtimeMs, s.ctimeMs, s.ino], directory: s.isDirectory() } : { record: null, directory: false };
};

/** A record at least the margin older than `since` (the start of the run that read the path). */
export const settled = (record: StatRecord, since: number) => record === null || record[1] < since - RACY_MARGIN_MS;

function names(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

/** Records of `paths`, read by a run that began at `since`. */
export function recordInputs(paths: Iterable<string>, since: number): VouchedInput[] {
  return [...new Set(paths)].map((path) => {
    const { record, directory } = recordOf(path);
    const listing = directory && settled(record, since) ? names(path) : undefined;
    return listing ? [path, record, listing] : [path, record];
  });
}

/** Every input is as recorded by a run that began at `since`. */
export function inputsHold(inputs: readonly VouchedInput[], since: number): boolean {
  return inputs.every(([path, record, listing]) => {
    const now = recordOf(path).record;
    if (sameRecord(now, record) && settled(record, since)) return true;
    if (!listing || !now) return false;
    const current = names(path);
    return current !== undefined && current.length === listing.length && current.every((n, i) => n === listing[i]);
  });
}
