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

/** `listings`: directories' entries just read (by discovery's walk), listed from there instead of the disk. */
export function createProbe(files: readonly SourceText[] = [], listings?: ReadonlyMap<string, readonly string[]>): Probe {
  const own = new Map(files.map((f) => [f.path, f.text]));
  const ownByDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = path.dirname(f.path);
    const names = ownByDir.get(dir) ?? [];
    names.push(path.basename(f.path));
    ownByDir.set(dir, names);
  }
  const texts = new Map<string, string | undefined>();
  const lists = new Map<string, readonly string[]>();
  const listed = new Map<string, ReadonlySet<string>>();
  const told = new Set<string>();
  const memos = new Map<string, unknown>();
  /** Observers hear a path once: what was asked of it (its text, its listing, whether it exists) is its stat record's to vouch for. */
  const tell = (p: string) => {
    if (told.has(p)) return;
    told.add(p);
    for (const observer of observers) observer(p);
  };
  const listing = (dir: string): readonly string[] => {
    let names = lists.get(dir);
    if (!names) {
      let disk = listings?.get(dir);
      if (!disk) {
        try {
          disk = readdirSync(dir);
        } catch {
          disk = [];
        }
      }
      names = [...new Set([...disk, ...(ownByDir.get(dir) ?? [])])].sort();
      lists.set(dir, names);
    }
    return names;
  };
  const probe: Probe = {
    read(abs: string): string | undefined {
      if (own.has(abs)) return own.get(abs);
      if (!texts.has(abs)) {
        tell(abs);
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
    exists(abs: string): boolean {
      if (own.has(abs)) return true;
      // The path, not its directory: whether a go.mod exists in /tmp does not move with /tmp's other entries.
      tell(abs);
      // A set per directory: every file of a large directory asks after its neighbours.
      const dir = path.dirname(abs);
      let names = listed.get(dir);
      if (!names) listed.set(dir, (names = new Set(listing(dir))));
      return names.has(path.basename(abs));
    },
    list(dir: string): readonly string[] {
      tell(dir);
      return listing(dir);
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  return probe;
}
