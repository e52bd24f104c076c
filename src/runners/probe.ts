// The files around a set, read once: the disk, with the set's own (possibly in-memory) files on top.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceText } from '../types.js';
import type { Probe } from './types.js';

/** Told of each file a probe reads from disk and each directory it lists (the result cache's snapshots). */
const observers = new Set<(path: string) => void>();

/** Tells `observer` of each path probed from now on; returns the function that stops it. */
export function observeProbes(observer: (path: string) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Tells the observers of the paths an earlier discovery probed, which a set kept from it stands for. */
export function probedAgain(paths: Iterable<string>): void {
  for (const path of paths) for (const observer of observers) observer(path);
}

/**
 * What probes read from disk, each path once. One may outlive a probe: the language server keeps
 * one per set read from disk for the probes of every rebuild, as listing a directory of hundreds
 * of migrations again cost more than rebuilding the edited file's migrations. Observers hear of
 * paths from each probe (below), not from here.
 */
export interface DiskReads {
  read(abs: string): string | undefined;
  /** The directory's entries, sorted ([] when it cannot be read). */
  list(dir: string): readonly string[];
  /** The same entries as a set. */
  names(dir: string): ReadonlySet<string>;
}

/** `listings`: directories' entries just read (by discovery's walk), listed from there instead of the disk. */
export function createDiskReads(listings?: ReadonlyMap<string, readonly string[]>): DiskReads {
  const texts = new Map<string, string | undefined>();
  const lists = new Map<string, readonly string[]>();
  const sets = new Map<string, ReadonlySet<string>>();
  const disk: DiskReads = {
    read(abs) {
      if (!texts.has(abs)) {
        let text: string | undefined;
        try {
          text = statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
        } catch {
          text = undefined;
        }
        texts.set(abs, text);
      }
      return texts.get(abs);
    },
    list(dir) {
      let names = lists.get(dir);
      if (!names) {
        const walked = listings?.get(dir);
        if (walked) names = [...walked].sort();
        else {
          try {
            names = readdirSync(dir).sort();
          } catch {
            names = [];
          }
        }
        lists.set(dir, names);
      }
      return names;
    },
    names(dir) {
      let names = sets.get(dir);
      if (!names) sets.set(dir, (names = new Set(disk.list(dir))));
      return names;
    },
  };
  return disk;
}

export function createProbe(files: readonly SourceText[] = [], disk: DiskReads = createDiskReads()): Probe {
  const own = new Map(files.map((f) => [f.path, f.text]));
  const ownByDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = path.dirname(f.path);
    const names = ownByDir.get(dir) ?? [];
    names.push(path.basename(f.path));
    ownByDir.set(dir, names);
  }
  const lists = new Map<string, readonly string[]>();
  const told = new Set<string>();
  const memos = new Map<string, unknown>();
  /** Observers hear a path once: what was asked of it (its text, its listing, whether it exists) is its stat record's to vouch for. */
  const tell = (p: string) => {
    // No one to tell (no --cache run snapshot): nothing to remember either.
    if (observers.size === 0 || told.has(p)) return;
    told.add(p);
    for (const observer of observers) observer(p);
  };
  /** The disk's entries with the set's own files on top. */
  const listing = (dir: string): readonly string[] => {
    let names = lists.get(dir);
    if (!names) {
      const onDisk = disk.names(dir);
      const extra = (ownByDir.get(dir) ?? []).filter((n) => !onDisk.has(n));
      names = extra.length === 0 ? disk.list(dir) : [...new Set([...disk.list(dir), ...extra])].sort();
      lists.set(dir, names);
    }
    return names;
  };
  const probe: Probe = {
    read(abs: string): string | undefined {
      if (own.has(abs)) return own.get(abs);
      tell(abs);
      return disk.read(abs);
    },
    exists(abs: string): boolean {
      if (own.has(abs)) return true;
      // The path, not its directory: whether a go.mod exists in /tmp does not move with /tmp's other entries.
      tell(abs);
      // A set per directory: every file of a large directory asks after its neighbours.
      return disk.names(path.dirname(abs)).has(path.basename(abs));
    },
    list(dir: string): readonly string[] {
      tell(dir);
      return listing(dir);
    },
    memo<T>(key: string, compute: () => T): T {
      const known = memos.get(key);
      if (known !== undefined || memos.has(key)) return known as T;
      const value = compute();
      memos.set(key, value);
      return value;
    },
  };
  return probe;
}
