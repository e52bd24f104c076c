// Zero-config discovery, step one: the directories under a repository root that may hold a
// migration set, from the runner modules' data — their default directories and the files that
// mark their sets (migration_lock.toml, sqitch.plan…) — found by one bounded walk.
import path from 'node:path';
import fg from 'fast-glob';
import { createProbe } from '../runners/probe.js';
import type { RunnerModule, SetMarker } from '../runners/types.js';

/** How deep the walk goes: Java keeps migrations at api/src/main/resources/<app>/db/migration. */
export const MAX_DEPTH = 8;

/** Directories never walked: dependencies, build output, tool state, version control. */
const SKIPPED = ['node_modules', 'vendor', 'dist', 'build', 'target', 'out', 'coverage', 'venv', '__pycache__', 'bower_components'];
const IGNORE = [...SKIPPED.map((d) => `**/${d}/**`), '**/.*/**'];

export interface Candidate {
  /** Absolute. */
  dir: string;
  /** The runners whose default directory or marker names it: the set is theirs, or not one. */
  proposers: Set<RunnerModule>;
  /** The runners whose marker file names it (not only a default directory). */
  markedBy: Set<RunnerModule>;
}

/** Where the walk looked, for the message when nothing is found. */
export interface Looked {
  /** Default directories (relative to the root); those that say `migration` or have several parts also deeper. */
  dirs: string[];
  /** Marker files, anywhere. */
  markers: string[];
}

/**
 * A runner's default directories. The root itself (sqitch's `.`) is left to its marker: read
 * whole, a repository's every .sql file would be one set.
 */
export const defaultsOf = (runner: RunnerModule) => runner.defaultDirs.map((dir) => dir.replace(/^\.\//, '').replace(/\/+$/, '')).filter((dir) => dir !== '' && dir !== '.');

/**
 * A default directory names a set deeper in the tree (a monorepo's packages/a/prisma/migrations)
 * when it says what it is: several parts, or "migration" in its name. `sql`, `db`, `drizzle`
 * count at the root only.
 */
export const matchesDeeper = (dir: string) => dir.includes('/') || /migration/i.test(dir);

function walkOptions(root: string): fg.Options {
  return { cwd: root, deep: MAX_DEPTH, ignore: IGNORE, followSymbolicLinks: false, suppressErrors: true, caseSensitiveMatch: true };
}

export function looked(modules: readonly RunnerModule[]): Looked {
  const dirs = [...new Set(modules.flatMap(defaultsOf))].sort();
  const markers = [...new Set(modules.flatMap((m) => (m.markers ?? []).map((k) => k.file)))].sort();
  return { dirs, markers };
}

/**
 * The candidate directories under `root`: those a marker names first (sqitch.plan in schema/
 * wins over the root sqitch may use), each kind outermost first.
 */
export function findCandidates(root: string, modules: readonly RunnerModule[]): Candidate[] {
  const candidates = new Map<string, Candidate>();
  const propose = (dir: string, runner: RunnerModule, marked: boolean) => {
    const candidate = candidates.get(dir) ?? { dir, proposers: new Set(), markedBy: new Set() };
    candidate.proposers.add(runner);
    if (marked) candidate.markedBy.add(runner);
    candidates.set(dir, candidate);
  };

  const dirs = [...fg.sync('**', { ...walkOptions(root), onlyDirectories: true, dot: false })];
  for (const runner of modules) {
    const defaults = defaultsOf(runner);
    for (const rel of dirs) {
      if (defaults.some((d) => rel === d || (matchesDeeper(d) && rel.endsWith(`/${d}`)))) propose(path.resolve(root, rel), runner, false);
    }
  }

  const markers = modules.flatMap((runner) => (runner.markers ?? []).map((marker) => ({ runner, marker })));
  const names = [...new Set(markers.map(({ marker }) => path.posix.basename(marker.file)))];
  if (names.length > 0) {
    const probe = createProbe();
    const found = fg.sync(names.map((n) => `**/${fg.escapePath(n)}`), { ...walkOptions(root), deep: MAX_DEPTH + 1, onlyFiles: true, dot: true });
    for (const rel of found) {
      for (const { runner, marker } of markers) {
        if (rel !== marker.file && !rel.endsWith(`/${marker.file}`)) continue;
        for (const dir of setDirsOf(marker, path.resolve(root, rel), probe)) propose(dir, runner, true);
      }
    }
  }
  return [...candidates.values()].sort((a, b) => Number(b.markedBy.size > 0) - Number(a.markedBy.size > 0) || depth(a.dir) - depth(b.dir) || (a.dir < b.dir ? -1 : 1));
}

export function setDirsOf(marker: SetMarker, file: string, probe: ReturnType<typeof createProbe>): readonly string[] {
  return marker.setDirs ? marker.setDirs(file, probe) : [path.dirname(file)];
}

const depth = (dir: string) => dir.split(path.sep).length;

/** Files under `root` (bounded walk): how many in all, and how many have one of `extensions`. */
export function fileTally(root: string, extensions: readonly string[]): { files: number; migrationLike: number } {
  const files = fg.sync('**', { ...walkOptions(root), onlyFiles: true, dot: false });
  const lower = extensions.map((e) => e.toLowerCase());
  return { files: files.length, migrationLike: files.filter((f) => lower.some((e) => f.toLowerCase().endsWith(e))).length };
}
