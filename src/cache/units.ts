// The units the result cache stores, and their keys. A unit is the migrations that share files
// (usually one migration and its one or two files; an alembic script holding many revisions is
// one unit), because a file's suppression findings derive from all of that file's findings.
//
// What a unit's findings depend on, and so its key:
// - the engine fingerprint and the config digest (`base`);
// - its files: path relative to the cache root, a digest of the text, and the discovery problems in them;
// - per migrations directory of its migrations (setDirectory): whether the directory has a down
//   section anywhere (require-down-migration), and a digest of the directory's migrations in set
//   order up to its last one — the schema model replays them (paths relative to the directory);
// - for a whole run's directory, its newest migration (where messages say the run commits);
// - the migrations themselves, which that digest covers (id, runner, layout, sections: their
//   texts through the digests of the files they are slices of).
import { groupBy } from '../group.js';
import { runPositions, setDirectory } from '../lint.js';
import type { Migration, MigrationSet } from '../types.js';
import { fileChain, setFileDigest } from './chains.js';
import { relativePaths } from './migration-json.js';
import { digestOf } from './text-digest.js';

export interface CacheUnit {
  /** Where the unit is: its files relative to the cache root, one per line. */
  slot: string;
  /** Computed when first read: a run reporting a few files asks only their units'. */
  readonly key: string;
  /** Absolute paths as discovery gave them, sorted by `slot` order. */
  files: string[];
  /** Its migrations: their indexes in the set's order. */
  members: number[];
}

/** Groups migration indexes that share a file (union-find over files). */
function sharingFiles(migrations: readonly Migration[]): number[][] {
  const parent = migrations.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  migrations.forEach((m, i) => {
    for (const file of [m.up.file, m.down?.file]) {
      if (file === undefined) continue;
      const other = owner.get(file);
      if (other === undefined) owner.set(file, i);
      else parent[find(i)] = find(other);
    }
  });
  return [...groupBy(migrations.keys(), find).values()];
}

export function cacheUnits(set: MigrationSet, base: string, root: string): CacheUnit[] {
  const { migrations } = set;
  const fileDigest = setFileDigest(set);
  const relativeToRoot = relativePaths(root);
  const prefixes = fileChain(migrations, fileDigest);
  const dirsWithDown = new Set(migrations.filter((m) => m.down).map(setDirectory));
  const runPosition = runPositions(migrations);
  const problemsByFile = groupBy(set.problems, (p) => p.file);

  return sharingFiles(migrations).map((members) => {
    const files = [...new Set(members.flatMap((i) => [migrations[i].up.file, migrations[i].down?.file]))]
      .filter((f): f is string => f !== undefined)
      .map((file) => ({ file, rel: relativeToRoot(file) }))
      .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const keyOf = () => {
      const parts = [base];
      for (const { file, rel } of files) {
        const problems = (problemsByFile.get(file) ?? []).map(({ ruleId, message, span }) => ({ ruleId, message, span }));
        parts.push(`file\0${rel}\0${fileDigest(file)}\0${JSON.stringify(problems)}`);
      }
      // Per directory, the digest through its last member covers every earlier member too.
      const lastInDir = new Map<string, number>();
      for (const i of members) lastInDir.set(setDirectory(migrations[i]), i);
      for (const [dir, i] of [...lastInDir].sort(([a], [b]) => (a < b ? -1 : 1))) {
        parts.push(`dir\0${dirsWithDown.has(dir) ? 'down' : 'no-down'}\0${prefixes[i]}`);
      }
      // A whole run's messages name where it commits: the directory's newest migration.
      const wholeRun = members.find((i) => migrations[i].up.wrap === 'whole-run');
      if (wholeRun !== undefined) parts.push(`run\0${runPosition(migrations[wholeRun]).lastMigration}`);
      return digestOf(parts.join('\0'));
    };
    let key: string | undefined;
    return {
      slot: files.map((f) => f.rel).join('\n'),
      get key() {
        return (key ??= keyOf());
      },
      files: files.map((f) => f.file),
      members,
    };
  });
}
