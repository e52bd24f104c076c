// What the set-level passes read of a migration set's order: each position's directory and up
// file, the newest migration of each directory, the directories with down migrations. Worked out
// once per migrations array; a set the language server splices an edit into (set-cache.ts: same
// files, layouts and downs at every position, only some sections' texts new) shares the shape of
// the set it was spliced from, so a keystroke makes no pass over the whole set for it.
import { setDirectory } from './set-directory.js';
import type { Migration } from './types.js';

export interface SetShape {
  /** The set directory of the migration at each position. */
  directories: readonly string[];
  /** Per directory, the position of its newest migration. */
  lastOfDirectory: ReadonlyMap<string, number>;
  directoriesWithDown: ReadonlySet<string>;
  /** Per file, the positions of the migrations whose up section it holds, in order. */
  upsByFile: ReadonlyMap<string, readonly number[]>;
}

const shapes = new WeakMap<readonly Migration[], SetShape>();

export function shapeOf(migrations: readonly Migration[]): SetShape {
  let shape = shapes.get(migrations);
  if (!shape) shapes.set(migrations, (shape = computeShape(migrations)));
  return shape;
}

/**
 * Declares that `spliced` has, at every position, a migration with the same up file, layout and
 * down file (or none) as `base`: it then shares `base`'s shape.
 */
export function shareShape(spliced: readonly Migration[], base: readonly Migration[]): void {
  shapes.set(spliced, shapeOf(base));
}

function computeShape(migrations: readonly Migration[]): SetShape {
  const directories = migrations.map(setDirectory);
  const lastOfDirectory = new Map<string, number>();
  const directoriesWithDown = new Set<string>();
  const upsByFile = new Map<string, number[]>();
  migrations.forEach((m, i) => {
    lastOfDirectory.set(directories[i], i);
    if (m.down) directoriesWithDown.add(directories[i]);
    const ups = upsByFile.get(m.up.file);
    if (ups) ups.push(i);
    else upsByFile.set(m.up.file, [i]);
  });
  return { directories, lastOfDirectory, directoriesWithDown, upsByFile };
}
