// The files of a directory tree with one of some extensions, at any depth — the glob
// `**/*.{ext}` (no dot entries, node_modules left out, symlinks not followed, case-insensitive
// names) — walked by hand so that what the walk reads is kept: each directory's entries, which
// the runners' probes ask for again (a sibling down.sql, a journal), and which files are
// regular, which then need no lstat before they are read.
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

export interface Walked {
  /** Absolute paths of the matching entries that are not directories (symlinks, FIFOs included). */
  files: string[];
  /** Every entry name of each directory walked, dot entries included, as readdir gives them. */
  listings: Map<string, string[]>;
  /** The files the walk saw as regular files (not symlinks). */
  regular: Set<string>;
}

export const emptyWalk = (): Walked => ({ files: [], listings: new Map(), regular: new Set() });

/** Never descended into (the result cache's run snapshot leaves it out too). */
const SKIPPED_DIRECTORY = 'node_modules';

/** Walks `root` into `walked`; an unreadable directory throws readdir's error (one that vanished is skipped). */
export function walkFiles(root: string, extensions: readonly string[], walked: Walked): void {
  const suffixes = extensions.map((e) => `.${e.replace(/^\./, '').toLowerCase()}`);
  const matches = (name: string) => {
    const lower = name.toLowerCase();
    return suffixes.some((s) => lower.endsWith(s) && lower.length > s.length);
  };
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && dir !== root) continue;
      throw e;
    }
    walked.listings.set(dir, entries.map((entry) => entry.name));
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const abs = path.join(dir, name);
      if (entry.isDirectory()) {
        if (name.toLowerCase() !== SKIPPED_DIRECTORY) pending.push(abs);
      } else if (matches(name)) {
        walked.files.push(abs);
        if (entry.isFile()) walked.regular.add(abs);
      }
    }
  }
}
