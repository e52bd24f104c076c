// A migration set as read from disk, rebuilt with open buffers in place of some files. Building
// the migrations of a large set (layouts, pairing, ordering) costs more than linting the edited
// file, so an edited file's migrations are rebuilt alone and spliced into the set's — only when
// that is provably the same as rebuilding the whole set: the file's group (its migrations'
// files) builds alone exactly as it does within the set, and the edit changes none of the
// identity (id, version, layout, files) that ordering and uniqueness depend on. Otherwise the
// whole set is rebuilt.
import { migrationsFromSources } from '../discover.js';
import type { DiscoveryProblem, Migration, MigrationSet, RunnerName, SourceText } from '../types.js';
import { EditedFiles } from './edited-files.js';
import type { RunnerOptions } from '../runners/types.js';
import { createDiskReads } from '../runners/probe.js';
import { shareShape } from '../set-shape.js';

interface Built {
  migrations: Migration[];
  problems: DiscoveryProblem[];
}

interface Group {
  /** Positions in the set of the migrations holding the file. */
  positions: number[];
  /** The file and the other files of those migrations. */
  files: string[];
  key: string;
}

const identity = (m: Migration) => [m.id, m.version, m.name, m.layout, m.runner, m.up.file, m.down?.file ?? ''].join('\0');
const problemKey = (p: DiscoveryProblem) => [p.file, p.ruleId, p.message, p.span.start, p.span.end].join('\0');
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class SetCache {
  private readonly base: Built;
  /** The set as read from disk, for requests whose buffers hold no edit. */
  readonly onDisk: MigrationSet;
  /** How many times the whole set was built again for buffers (a splice was not possible). */
  wholeBuilds = 0;
  /** The group of each file edited or prepared. */
  private readonly groups = new Map<string, Group>();
  /** Whether a group of files builds alone as it does in the set, by group key. */
  private readonly contextFree = new Map<string, boolean>();
  /** The disk around the set as every build reads it (runner detection lists directories, reads go.mod …): once. */
  private readonly disk = createDiskReads();

  constructor(
    private readonly files: ReadonlyMap<string, SourceText>,
    /** Problems of files that could not be read (they are not in `files`). */
    private readonly readProblems: readonly DiscoveryProblem[],
    private readonly runner: RunnerName,
    private readonly assumeInTransaction: boolean,
    private readonly runnerOptions: RunnerOptions = {},
  ) {
    this.base = this.build([...files.values()]);
    this.onDisk = this.setOf(this.base, files);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The set with the buffers' texts for the files they hold. */
  withBuffers(buffers: ReadonlyMap<string, string>): MigrationSet {
    const edits = new Map<string, SourceText>();
    for (const [path, raw] of buffers) {
      const source = this.files.get(path);
      const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw; // as discovery decodes files
      if (source && source.text !== text) edits.set(path, { ...source, text });
    }
    if (edits.size === 0) return this.onDisk;
    const sources = new EditedFiles(this.files, edits);
    let built = this.splice([...edits.keys()], sources);
    if (!built) {
      this.wholeBuilds++;
      built = this.build([...sources.values()]);
    }
    return this.setOf(built, sources);
  }

  private setOf(built: Built, files: ReadonlyMap<string, SourceText>): MigrationSet {
    return {
      migrations: built.migrations,
      files,
      usesDown: built.migrations.some((m) => m.down !== undefined),
      problems: [...this.readProblems, ...built.problems],
    };
  }

  private build(files: SourceText[]): Built {
    return migrationsFromSources(files, this.runner, this.assumeInTransaction, this.runnerOptions, this.disk);
  }

  /**
   * Works out ahead (after the file is opened, before its first keystroke) what splicing an edit
   * of `file` needs: which migrations hold it, and whether its group builds alone as in the set.
   */
  prepare(file: string): void {
    const group = this.groupOf(file);
    if (group) this.isContextFree(group);
  }

  private splice(edited: readonly string[], sources: ReadonlyMap<string, SourceText>): Built | undefined {
    let migrations = this.base.migrations;
    let problems = this.base.problems;
    for (const file of edited) {
      const group = this.groupOf(file)!;
      if (!this.isContextFree(group)) return undefined;
      const alone = this.build(group.files.map((f) => sources.get(f)!));
      if (!sameList(alone.migrations.map(identity), group.positions.map((i) => identity(migrations[i])))) return undefined;
      migrations = migrations.slice();
      group.positions.forEach((at, k) => (migrations[at] = alone.migrations[k]));
      problems = [...problems.filter((p) => !group.files.includes(p.file)), ...alone.problems];
    }
    // Same identity at every position (checked above): the same files, layouts and downs.
    shareShape(migrations, this.base.migrations);
    return { migrations, problems };
  }

  /** The migrations of the set on disk that hold `file`, and the files they are read from; undefined for a file not in the set. */
  private groupOf(file: string): Group | undefined {
    if (!this.files.has(file)) return undefined;
    let group = this.groups.get(file);
    if (!group) {
      const migrations = this.base.migrations;
      const positions: number[] = [];
      for (let i = 0; i < migrations.length; i++) if (migrations[i].up.file === file || migrations[i].down?.file === file) positions.push(i);
      const files = [...new Set([file, ...positions.flatMap((i) => [migrations[i].up.file, migrations[i].down?.file ?? file])])];
      group = { positions, files, key: [...files].sort().join('\0') };
      this.groups.set(file, group);
    }
    return group;
  }

  /** Does the group build alone, from the disk texts, exactly as it does within the whole set? */
  private isContextFree({ files, positions, key }: Group): boolean {
    let free = this.contextFree.get(key);
    if (free === undefined) {
      const alone = this.build(files.map((f) => this.files.get(f)!));
      free =
        sameList(alone.migrations.map(identity), positions.map((i) => identity(this.base.migrations[i]))) &&
        sameList(alone.problems.map(problemKey).sort(), this.base.problems.filter((p) => files.includes(p.file)).map(problemKey).sort());
      this.contextFree.set(key, free);
    }
    return free;
  }
}
