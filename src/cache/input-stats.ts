// What a run read from disk, as stat records: a later run that finds every record the same read
// the same bytes and listings, so it may take the earlier run's report without reading the files.
// A record is the size, mtime, ctime and inode (`null`: the path did not exist); a directory's
// mtime moves when an entry is added, removed or renamed in it.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export type StatRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number] | null;

export function statRecord(path: string): StatRecord {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : null;
}

const sameRecord = (a: StatRecord, b: StatRecord) => a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);

/** Paths with their records, as stored. */
export type InputStats = Array<[path: string, record: StatRecord]>;

/**
 * The records of `paths`. A missing path is recorded as its nearest existing ancestor directory
 * (whose mtime moves when the path's first missing component is created there), so the many
 * marker files runners look for and do not find cost one record per directory.
 */
export function statAll(paths: Iterable<string>): InputStats {
  const records = new Map<string, StatRecord>();
  for (let path of paths) {
    let record = statRecord(path);
    while (record === null && dirname(path) !== path) record = statRecord((path = dirname(path)));
    records.set(path, record);
  }
  return [...records];
}

/** Every path stats as recorded. */
export function unchanged(inputs: InputStats): boolean {
  for (const [path, record] of inputs) if (!sameRecord(statRecord(path), record)) return false;
  return true;
}

/**
 * Whether a record may have been taken after a change the run did not read: the path was modified
 * within `margin` ms before the run started, or since (mtimes can be as coarse as 2 s). Such
 * inputs are not trusted: the snapshot is written by a later run instead (git's "racy" entries).
 */
export function racy(inputs: InputStats, runStart: number, margin = 2000): boolean {
  return inputs.some(([, r]) => r !== null && r[1] >= runStart - margin);
}
