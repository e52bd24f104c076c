// Migration files stay inside the project: a file (or a symlink's target) that resolves outside
// the config's directory, the repository and the paths named on the command line is refused
// (invalid-file) before it is read, and `--fix` never writes outside. `allowOutside` in the
// config names further directories, for monorepos whose migrations live beside the project.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { DiscoveryProblem } from '../types.js';
import { problem } from './part.js';

/** What decides the project's bounds: the config's directory and its `allowOutside` directories (absolute). */
export interface ProjectBounds {
  dir: string;
  allowOutside: readonly string[];
}

/** The real path of `p`, or undefined when it does not resolve (missing, broken symlink, loop). */
function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** The nearest directory at or above `dir` that holds `.git` (the repository's top level). */
function repositoryTop(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * A path the user named, with symlinks resolved in its parents but not in its last component:
 * naming `migrations` trusts that directory, not wherever a symlink called `migrations` leads.
 */
function namedRoot(abs: string): string {
  const parent = real(path.dirname(abs));
  return parent ? path.join(parent, path.basename(abs)) : abs;
}

/** The part of a glob before its first wildcard segment, or the path itself. */
export function staticBase(pattern: string): string {
  if (!fg.isDynamicPattern(pattern)) return pattern;
  const segments = pattern.split(/[\\/]/);
  // An absolute pattern starts with an empty segment, which fast-glob refuses to classify.
  const first = segments.findIndex((s) => s !== '' && fg.isDynamicPattern(s));
  return segments.slice(0, first).join(path.sep) || path.sep;
}

/**
 * Real paths of the directories migration files may resolve into: the config's directory, its
 * repository's top level, `allowOutside`, and the paths given on the command line (absolute).
 */
export function projectRoots(bounds: ProjectBounds, named: readonly string[] = []): string[] {
  const dirs = [bounds.dir, repositoryTop(real(bounds.dir) ?? bounds.dir), ...bounds.allowOutside];
  const roots = dirs.flatMap((d) => (d ? [real(d) ?? d] : []));
  for (const p of named) roots.push(namedRoot(staticBase(p)));
  return [...new Set(roots)];
}

/** Both are normalized real paths: a prefix test (path.relative would cost more than the lstat). */
function within(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

/** The real path of `file` when it lies outside every root; undefined when inside or unresolvable (the reader reports that). */
export function outsideRoots(file: string, roots: readonly string[]): string | undefined {
  const target = real(file);
  return target !== undefined && !roots.some((root) => within(target, root)) ? target : undefined;
}

function outsideMessage(file: string, target: string): string {
  const how = target === file ? 'is' : `resolves to ${target}, which is`;
  return `${how} outside the project (the config's directory and the repository): not read; list its directory in "allowOutside" of the config to lint it`;
}

/** Tells whether a file lies outside the roots, from its lstat: the file itself a symlink, or not. */
export type InsideCheck = (file: string, isSymbolicLink: boolean) => DiscoveryProblem | undefined;

/**
 * The check discovery runs on each file before reading it. A file that is not a symlink can only
 * be outside through its directory, whose real path is looked up once per directory (a realpath
 * per file costs as much as reading it).
 */
export function insideCheck(roots: readonly string[]): InsideCheck {
  const realDirs = new Map<string, string | undefined>();
  // One lstat per new directory: its real path is its parent's plus its name unless it is a symlink.
  const realDir = (dir: string): string | undefined => {
    if (realDirs.has(dir)) return realDirs.get(dir);
    const parent = path.dirname(dir);
    let resolved: string | undefined;
    if (parent === dir) resolved = dir;
    else {
      const realParent = realDir(parent);
      let isLink = true;
      try {
        isLink = lstatSync(dir).isSymbolicLink();
      } catch {
        // missing: real() below says so
      }
      resolved = realParent !== undefined && !isLink ? path.join(realParent, path.basename(dir)) : real(dir);
    }
    realDirs.set(dir, resolved);
    return resolved;
  };
  return (file, isSymbolicLink) => {
    const dir = isSymbolicLink ? undefined : realDir(path.dirname(file));
    const target = isSymbolicLink ? real(file) : dir === undefined ? undefined : `${dir}${dir.endsWith(path.sep) ? '' : path.sep}${path.basename(file)}`;
    return target !== undefined && !roots.some((root) => within(target, root)) ? problem(file, 'invalid-file', outsideMessage(file, target)) : undefined;
  };
}
