// Patterns (files, directories, globs) → absolute file paths.
import { statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { emptyWalk, walkFiles, type Walked } from './walk.js';

/** A pattern matched nothing; the CLI turns it into exit code 2. */
export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** Never walked for migrations (the result cache's run snapshot walks the same directories). */
export const IGNORE = ['**/node_modules/**'];

type Kind = 'file' | 'dir' | 'missing';

function kindOf(abs: string): Kind {
  try {
    return statSync(abs).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Anything but "does not exist" (EACCES …) is left for the reader to report on the file.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'file';
  }
}

/** An unreadable directory as a clear message (exit 2) instead of a crash. */
function unreadable(e: unknown, pattern: string): DiscoveryError {
  const err = e as NodeJS.ErrnoException;
  return new DiscoveryError(`cannot read ${err.path ? `"${err.path}"` : `the files of "${pattern}"`}: ${err.code === 'EACCES' ? 'permission denied' : (err.code ?? err.message)}`);
}

/** fast-glob, synchronous: its async walker costs ~5× more on a tree of a few thousand files. */
function glob(pattern: string, options: fg.Options): string[] {
  try {
    return fg.sync(pattern, options);
  } catch (e) {
    throw unreadable(e, pattern);
  }
}

function noFilesMessage(extensions: readonly string[], pattern: string): string {
  const others = extensions.filter((e) => e !== '.sql');
  if (others.length === extensions.length) return `no ${others.join('/')} files in directory "${pattern}"`;
  return `no .sql files in directory "${pattern}"${others.length > 0 ? ` (nor ${others.join('/')} files)` : ''}`;
}

function expandOne(cwd: string, pattern: string, extensions: readonly string[], walked: Walked, overrides?: Map<string, string>): string[] {
  const abs = path.resolve(cwd, pattern);
  if (overrides?.has(abs)) return [abs];
  const kind = kindOf(abs);
  if (kind === 'file') return [abs];
  if (kind === 'dir') {
    // Every entry but a directory: a broken or looping symlink, a FIFO named *.sql is kept, so
    // that reading it reports it (invalid-file) instead of the migration silently missing from the set.
    const before = walked.files.length;
    try {
      walkFiles(abs, extensions, walked);
    } catch (e) {
      throw unreadable(e, pattern);
    }
    const found = walked.files.slice(before);
    if (found.length === 0) throw new DiscoveryError(noFilesMessage(extensions, pattern));
    return found;
  }
  if (fg.isDynamicPattern(pattern)) {
    const found = glob(pattern, { cwd, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore: IGNORE });
    if (found.length === 0) throw new DiscoveryError(`no files match the pattern "${pattern}"`);
    return found.map((f) => path.resolve(f));
  }
  throw new DiscoveryError(`no such file or directory: "${pattern}"`);
}

/** Absolute paths of every file the patterns name, without duplicates, sorted. */
/** `extensions`: of the files a directory contributes (the runner's; default `.sql`). */
export async function expandPatterns(cwd: string, patterns: string[], overrides?: Map<string, string>, extensions: readonly string[] = ['.sql']): Promise<string[]> {
  return walkPatterns(cwd, patterns, overrides, extensions).paths;
}

/** The same, with what walking the directories saw (discovery reads the files and asks around them next). */
export function walkPatterns(cwd: string, patterns: string[], overrides?: Map<string, string>, extensions: readonly string[] = ['.sql']): { paths: string[]; walked: Walked } {
  const walked = emptyWalk();
  const all = new Set<string>();
  for (const pattern of patterns) for (const file of expandOne(cwd, pattern, extensions, walked, overrides)) all.add(file);
  return { paths: [...all].sort(), walked };
}
