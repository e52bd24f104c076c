// The files around a set, read once: the disk, with the set's own (possibly in-memory) files on top.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceText } from '../types.js';
import type { Probe } from './types.js';

/** Told of each file a probe reads from disk and each directory it lists (the result cache's run snapshot). */
let observer: ((path: string) => void) | undefined;

export function observeProbes(next: ((path: string) => void) | undefined): void {
  observer = next;
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
  const memos = new Map<string, unknown>();
  const probe: Probe = {
    read(abs: string): string | undefined {
      if (own.has(abs)) return own.get(abs);
      if (!texts.has(abs)) {
        observer?.(abs);
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
      // A set per directory: every file of a large directory asks after its neighbours.
      const dir = path.dirname(abs);
      let names = listed.get(dir);
      if (!names) listed.set(dir, (names = new Set(probe.list(dir))));
      return names.has(path.basename(abs));
    },
    list(dir: string): readonly string[] {
      let names = lists.get(dir);
      if (!names) {
        observer?.(dir);
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
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  return probe;
}
