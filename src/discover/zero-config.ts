// Zero-config discovery: with no config file and no paths, the migration sets under the working
// directory — each candidate directory read as `lint DIR` reads it, kept when the runner that
// reads most of its migrations is one that proposed it. A monorepo yields several sets.
import path from 'node:path';
import { runners } from '../runners/index.js';
import { extensionsOf } from '../runners/extensions.js';
import type { RunnerModule } from '../runners/types.js';
import { discover } from '../discover.js';
import type { MigrationSet } from '../types.js';
import { projectRoots } from './inside.js';
import { findCandidates, fileTally, looked, type Candidate, type Looked } from './candidates.js';
import { DiscoveryError } from './expand.js';

const SQL = ['.sql'];

export interface FoundSet {
  /** Relative to the root, forward slashes; `.` for the root itself. */
  dir: string;
  /** The runner that reads most of the set's migrations. */
  runner: RunnerModule;
  /** Migrations that runner reads. */
  count: number;
  /** Migrations of the set read by other runners, by runner name (a stray script beside the set). */
  others: Map<string, number>;
  /** Files the set reads (ups, downs). */
  files: number;
  /**
   * The set is the runner's by a settings file elsewhere (flyway.conf's `locations`), not by its
   * files: it is read with `runner` set to it, as under `runner: auto` nothing would claim them.
   */
  pinned: boolean;
  /** The set as this discovery read it (runner auto, or `runner` when pinned), for the lint to reuse. */
  read: MigrationSet;
}

/** A directory a default or a marker named that holds no set, and why. */
export interface Passed {
  dir: string;
  why: string;
}

export interface ZeroConfigResult {
  sets: FoundSet[];
  looked: Looked;
  /** The candidate directories that held no set. */
  passed: Passed[];
}


export async function findMigrationSets(root: string, modules: readonly RunnerModule[] = runners): Promise<ZeroConfigResult> {
  const sets: FoundSet[] = [];
  const passed: Passed[] = [];
  const taken: string[] = [];
  const within = (dir: string, outer: string) => dir === outer || dir.startsWith(`${outer}${path.sep}`) || outer === path.parse(outer).root;
  // A set's files belong to it alone: a candidate inside a set, or around one, is not another set.
  const overlaps = (dir: string) => taken.some((t) => within(dir, t) || within(t, dir));
  for (const candidate of findCandidates(root, modules)) {
    if (overlaps(candidate.dir)) continue;
    const set = await readCandidate(root, candidate);
    if (typeof set === 'string') passed.push({ dir: relative(root, candidate.dir), why: set });
    else {
      sets.push(set);
      taken.push(candidate.dir);
    }
  }
  if (sets.length === 0) {
    // The working directory may be a directory of SQL migrations itself: most of its files are
    // .sql, and the set reads most of them. (Not of .ts or .py: in a project those are its code.)
    const tally = fileTally(root, SQL);
    if (tally.migrationLike > 0 && tally.migrationLike * 2 >= tally.files) {
      const set = await readCandidate(root, { dir: root, proposers: new Set(modules), markedBy: new Set() });
      if (typeof set !== 'string' && set.files * 2 >= tally.files) sets.push(set);
    }
  }
  return { sets: sets.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), looked: looked(modules), passed };
}

const relative = (root: string, dir: string) => path.relative(root, dir).split(path.sep).join('/') || '.';

/** The candidate's set (`dir` relative to `root`), or why it holds none. */
export async function readCandidate(root: string, candidate: Candidate): Promise<FoundSet | string> {
  const read = await countByRunner(root, candidate.dir, 'auto');
  if (typeof read === 'string') return `no ${[...new Set([...candidate.proposers].flatMap(extensionsOf))].join(' or ')} files`;
  const { counts, files, set } = read;
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!top) return 'no migrations';
  const dir = relative(root, candidate.dir);
  const runner = [...candidate.proposers].find((r) => r.name === top[0]);
  if (runner) {
    counts.delete(top[0]);
    return { dir, runner, count: top[1], others: counts, files, pinned: false, read: set };
  }
  // Files no runner claims (migrationlint takes them) in a directory a marker names: the marker's runner's.
  const [marker] = candidate.markedBy;
  if (marker && counts.size === 1 && top[0] === 'migrationlint') {
    const pinned = await countByRunner(root, candidate.dir, marker.name);
    if (typeof pinned !== 'string') return { dir, runner: marker, count: pinned.counts.get(marker.name) ?? 0, others: new Map(), files: pinned.files, pinned: true, read: pinned.set };
  }
  return `its files are ${top[0]}'s, not ${[...candidate.proposers].map((r) => r.name).join(' or ')}'s`;
}

/**
 * The migrations of a directory read as `lint` reads the set under no config (its directory
 * allowed as the project), counted by runner; a string when it holds no file to read.
 */
async function countByRunner(root: string, dir: string, runner: string): Promise<{ counts: Map<string, number>; files: number; set: MigrationSet } | string> {
  try {
    const set = await discover({ cwd: root, patterns: [dir], runner, assumeInTransaction: false, inside: projectRoots({ dir: root, allowOutside: [dir] }) });
    const counts = new Map<string, number>();
    for (const m of set.migrations) counts.set(m.runner, (counts.get(m.runner) ?? 0) + 1);
    return { counts, files: set.files.size, set };
  } catch (error) {
    if (error instanceof DiscoveryError) return error.message;
    throw error;
  }
}
