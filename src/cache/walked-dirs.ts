// The directories discovery's walk of a pattern lists (src/discover/expand.ts): a file added,
// removed or renamed in one of them changes its mtime. A glob's walk starts at its static part.
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import fg from 'fast-glob';
import { IGNORE } from '../discover/expand.js';
import { staticBase } from '../discover/inside.js';

/**
 * The directories whose listings decide what `patterns` (absolute) match, or undefined when they
 * cannot be told this way (a glob naming dot directories, which the walk below leaves out).
 */
export function walkedDirectories(patterns: readonly string[]): string[] | undefined {
  const dirs: string[] = [];
  for (const pattern of patterns) {
    const root = staticBase(pattern);
    if (pattern.slice(root.length).split(sep).some((s) => s.startsWith('.'))) return undefined;
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) continue;
    dirs.push(root, ...fg.sync('**', { cwd: root, onlyDirectories: true, dot: false, followSymbolicLinks: false, ignore: IGNORE }).map((d) => join(root, d)));
  }
  return dirs;
}
