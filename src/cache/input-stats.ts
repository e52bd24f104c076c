// What a run read from disk, as stat records: a later run that finds every record the same read
// the same bytes and listings, so it may take the earlier run's report without reading the files.
// A record is the size, mtime, ctime and inode (`null`: the path did not exist); a directory's
// mtime moves when an entry is added, removed or renamed in it.
import { statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';

export type StatRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number] | null;

export function statRecord(path: string): StatRecord {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : null;
}

export const sameRecord = (a: StatRecord, b: StatRecord) => a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);

/** Paths with their records. */
export type InputStats = Array<[path: string, record: StatRecord]>;

/**
 * Inputs as stored, small to read back: paths by directory (each directory once, with its
 * separator), and per path [directory, name] (it did not exist) or [directory, name, size, mtime,
 * inode] with the ctime last when it is not the mtime (a file written once has both the same).
 */
export interface PackedInputs {
  dirs: string[];
  entries: Array<[dir: number, name: string, size?: number, mtimeMs?: number, ino?: number, ctimeMs?: number]>;
}

export function packInputs(inputs: InputStats): PackedInputs {
  const dirs: string[] = [];
  const index = new Map<string, number>();
  const entries = inputs.map(([path, record]): PackedInputs['entries'][number] => {
    const parent = dirname(path);
    const dir = parent.endsWith(sep) ? parent : parent + sep;
    let d = index.get(dir);
    if (d === undefined) index.set(dir, (d = dirs.push(dir) - 1));
    const name = basename(path);
    if (record === null) return [d, name];
    const [size, mtimeMs, ctimeMs, ino] = record;
    return ctimeMs === mtimeMs ? [d, name, size, mtimeMs, ino] : [d, name, size, mtimeMs, ino, ctimeMs];
  });
  return { dirs, entries };
}

export function unpackInputs({ dirs, entries }: PackedInputs): InputStats {
  return entries.map(([d, name, size, mtimeMs, ino, ctimeMs]) => [dirs[d] + name, size === undefined ? null : [size, mtimeMs!, ctimeMs ?? mtimeMs!, ino!]]);
}

/** Whether `value` has the shape packInputs gives (read from a file another build may have written). */
export function isPackedInputs(value: unknown): value is PackedInputs {
  const packed = value as Partial<PackedInputs> | null;
  return typeof packed === 'object' && packed !== null && Array.isArray(packed.dirs) && Array.isArray(packed.entries);
}

/** Every packed path stats as recorded (false for entries of another shape: a damaged file). */
export function packedUnchanged({ dirs, entries }: PackedInputs): boolean {
  try {
    for (let i = 0; i < entries.length; i++) if (!entryUnchanged(dirs, entries[i])) return false;
    return true;
  } catch {
    return false;
  }
}

const noThrow = { throwIfNoEntry: false };

/**
 * A function of its own, entries read by index: this runs once per process over thousands of
 * entries, first uncompiled; inlined into the loop, V8 would compile the loop and statSync whole.
 */
function entryUnchanged(dirs: readonly string[], entry: PackedInputs['entries'][number]): boolean {
  const s = statSync(dirs[entry[0]] + entry[1], noThrow);
  if (s === undefined) return entry.length === 2;
  return s.size === entry[2] && s.mtimeMs === entry[3] && s.ino === entry[4] && s.ctimeMs === (entry.length > 5 ? entry[5] : entry[3]);
}

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

/**
 * Whether a record may have been taken after a change the run did not read: the path was modified
 * within `margin` ms before the run started, or since (mtimes can be as coarse as 2 s). Such
 * inputs are not trusted: the snapshot is written by a later run instead (git's "racy" entries).
 */
export function racy(inputs: InputStats, runStart: number, margin = 2000): boolean {
  return inputs.some(([, r]) => r !== null && r[1] >= runStart - margin);
}
