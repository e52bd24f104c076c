// Split a discovered set into independent pieces of work. Findings of one migrations directory
// never depend on another's (the schema catalog and "the directory has downs" are per directory,
// suppressions per file), so a directory, all its migrations in order, is the unit.
import { setDirectory } from '../lint.js';
import type { DiscoveryProblem, Migration, MigrationSet, SourceText } from '../types.js';

export interface WorkUnit {
  /** A set of its own: the directory's migrations, the files they and the problems need, the problems. */
  set: MigrationSet;
  /** Characters of SQL to analyse, the measure of how long the unit takes. */
  size: number;
}

/**
 * One unit per migrations directory, largest first (the order that balances a work queue best).
 * Problems go with the unit that holds their file; problems of files no migration holds (a file
 * that could not be read, or held no migration) form one more unit without migrations, so every
 * problem is reported exactly once.
 */
export function partitionByDirectory(set: MigrationSet): WorkUnit[] {
  const byDirectory = new Map<string, Migration[]>();
  for (const m of set.migrations) {
    const dir = setDirectory(m);
    const list = byDirectory.get(dir);
    if (list) list.push(m);
    else byDirectory.set(dir, [m]);
  }
  const unitOfFile = new Map<string, number>();
  const units = [...byDirectory.values()].map((migrations, index) => {
    const files = new Map<string, SourceText>();
    for (const m of migrations) {
      for (const section of [m.up, m.down]) {
        if (!section || files.has(section.file)) continue;
        unitOfFile.set(section.file, index);
        const file = set.files.get(section.file);
        if (file) files.set(section.file, file);
      }
    }
    return { migrations, files, problems: [] as DiscoveryProblem[] };
  });
  const loose = { migrations: [] as Migration[], files: new Map<string, SourceText>(), problems: [] as DiscoveryProblem[] };
  for (const problem of set.problems) {
    const index = unitOfFile.get(problem.file);
    const unit = index === undefined ? loose : units[index];
    unit.problems.push(problem);
    const file = set.files.get(problem.file);
    if (file) unit.files.set(problem.file, file);
  }
  if (loose.problems.length > 0) units.push(loose);
  const work = units.map((unit): WorkUnit => {
    let size: number | undefined;
    // Measured when asked: a set kept by the cache reads a file's text only when something needs it.
    return { set: { ...unit, usesDown: unit.migrations.some((m) => m.down !== undefined) }, get size() { return (size ??= sizeOf(unit.files)); } };
  });
  return work.length > 1 ? work.sort((a, b) => b.size - a.size) : work;
}

export function sizeOf(files: ReadonlyMap<string, SourceText>): number {
  let size = 0;
  for (const file of files.values()) size += file.text.length;
  return size;
}
