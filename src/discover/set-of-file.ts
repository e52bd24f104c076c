// Under no config: the migration set a named file belongs to (`lint FILE`, `--stdin-filename`,
// the language server), looked for in the file's own directory and its ancestors only — up to
// the repository's top (a `.git` entry) or MAX_DEPTH levels — never by walking the working
// directory. A directory is the file's set when a runner claims it positively, by the same data
// zero-config discovery walks for: a marker file names it, it is named like a runner's default
// directory, most of the directory's files are named as up/down pairs, or the file's own runner
// (not migrationlint's catch-all) claims the file and reads most of its directory. A directory
// of loose .sql files is no set: the file is linted alone.
import path from 'node:path';
import { runners } from '../runners/index.js';
import { createProbe } from '../runners/probe.js';
import { detectRunner } from '../runners/detect.js';
import { migrationlint, upDownRole } from '../runners/migrationlint.js';
import { extensionOfPath } from '../runners/extensions.js';
import type { Probe, RunnerModule } from '../runners/types.js';
import { defaultsOf, matchesDeeper, MAX_DEPTH, setDirsOf, type Candidate } from './candidates.js';
import { readCandidate, type FoundSet } from './zero-config.js';

/** One lookup per working directory; each directory's answer is kept for the lookup's lifetime. */
export class SetLookup {
  private readonly memo = new Map<string, Promise<FoundSet | undefined>>();
  private readonly probe: Probe = createProbe();

  /** `cwd`: what the set's paths are relative to, as `lint` run there reads them. */
  constructor(private readonly cwd: string) {}

  /** The set that holds `file` (absolute; its text on disk decides, else `text`), or undefined: lint it alone. */
  async setOf(file: string, text?: string): Promise<FoundSet | undefined> {
    const dir = path.dirname(file);
    const upward = await this.once(`up\0${dir}`, () => this.fromAncestors(dir));
    if (upward) return holds(upward, file);
    return holds(await this.fromOwnDirectory(file, text), file);
  }

  private once(key: string, compute: () => Promise<FoundSet | undefined>): Promise<FoundSet | undefined> {
    let found = this.memo.get(key);
    if (!found) this.memo.set(key, (found = compute()));
    return found;
  }

  /** The set a marker or a default directory name makes of the directory or one of its ancestors. */
  private async fromAncestors(dir: string): Promise<FoundSet | undefined> {
    const chain = ancestors(dir, this.probe);
    const top = chain[chain.length - 1]!;
    // `sql`, `db`, `drizzle` name a set at a root only: the repository's top, or the working directory.
    const roots = [...(this.probe.exists(path.join(top, '.git')) ? [top] : []), ...(chain.includes(this.cwd) ? [this.cwd] : [])];
    const candidates = new Map<string, Candidate>();
    const propose = (at: string, runner: RunnerModule, marked: boolean) => {
      const candidate = candidates.get(at) ?? { dir: at, proposers: new Set(), markedBy: new Set() };
      candidate.proposers.add(runner);
      if (marked) candidate.markedBy.add(runner);
      candidates.set(at, candidate);
    };
    for (const runner of runners) {
      for (const name of defaultsOf(runner)) {
        const tail = path.sep + name.split('/').join(path.sep);
        for (const at of chain) if (roots.some((r) => at === path.join(r, name)) || (matchesDeeper(name) && at.endsWith(tail))) propose(at, runner, false);
      }
      for (const marker of runner.markers ?? []) {
        for (const at of chain) {
          const file = path.join(at, marker.file);
          if (!this.probe.exists(file)) continue;
          for (const named of setDirsOf(marker, file, this.probe)) if (chain.includes(path.resolve(named))) propose(path.resolve(named), runner, true);
        }
      }
    }
    // As zero-config discovery orders them: those a marker names first, outermost first.
    const ordered = [...candidates.values()].sort((a, b) => Number(b.markedBy.size > 0) - Number(a.markedBy.size > 0) || depth(a.dir) - depth(b.dir));
    for (const candidate of ordered) {
      const set = await this.read(candidate);
      if (set) return set;
    }
    return undefined;
  }

  /** One read per candidate: files in several directories of one set share it. */
  private read(candidate: Candidate): Promise<FoundSet | undefined> {
    const key = ['read', candidate.dir, ...[...candidate.proposers].map((r) => r.name), '\0', ...[...candidate.markedBy].map((r) => r.name)].join('\0');
    return this.once(key, async () => {
      const set = await readCandidate(this.cwd, candidate);
      return typeof set === 'string' ? undefined : set;
    });
  }

  /** The file's own directory, when it is mostly up/down pairs by name, or the file's own runner reads most of it. */
  private async fromOwnDirectory(file: string, text: string | undefined): Promise<FoundSet | undefined> {
    const dir = path.dirname(file);
    const extension = extensionOfPath(file);
    const names = this.probe.list(dir).filter((name) => extensionOfPath(name) === extension);
    // A file alone in its directory is its own set either way.
    if (!names.some((name) => name !== path.basename(file))) return undefined;
    const pairs = names.filter((name) => upDownRole({ path: path.join(dir, name), relPath: name, text: '' })).length;
    if (pairs * 2 > names.length) return this.read({ dir, proposers: new Set(runners), markedBy: new Set() });
    const runner = this.runnerOf(file, text);
    if (!runner || runner === migrationlint) return undefined;
    // Read the directory only when another file of it is that runner's too (a large file among loose ones is not read twice).
    if (!names.some((name) => name !== path.basename(file) && this.runnerOf(path.join(dir, name)) === runner)) return undefined;
    return this.read({ dir, proposers: new Set([runner]), markedBy: new Set() });
  }

  private runnerOf(file: string, text?: string): RunnerModule | undefined {
    const source = this.probe.read(file) ?? text;
    return source === undefined ? undefined : detectRunner({ path: file, relPath: file, text: source }, this.probe)?.runner;
  }
}

/** The set, when it read the file (a file its runner skips, or not yet on disk, is linted alone). */
const holds = (set: FoundSet | undefined, file: string) => (set?.read.files.has(file) ? set : undefined);

/** `dir` and its parents, up to the one holding `.git`, the filesystem root, or MAX_DEPTH levels up. */
function ancestors(dir: string, probe: Probe): string[] {
  const chain = [dir];
  for (let at = dir; chain.length <= MAX_DEPTH && !probe.exists(path.join(at, '.git')); ) {
    const parent = path.dirname(at);
    if (parent === at) break;
    chain.push((at = parent));
  }
  return chain;
}

const depth = (dir: string) => dir.split(path.sep).length;
