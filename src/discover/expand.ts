// Patterns (files, directories, globs) → absolute file paths.
import { statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

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

/**
 * fast-glob, with an unreadable directory turned into a clear message (exit 2) instead of a crash.
 * Synchronous: its async walker costs ~5× more on a tree of a few thousand files.
 */
function glob(pattern: string, options: fg.Options): string[] {
  try {
    return fg.sync(pattern, options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new DiscoveryError(`cannot read ${err.path ? `"${err.path}"` : `the files of "${pattern}"`}: ${err.code === 'EACCES' ? 'permission denied' : (err.code ?? err.message)}`);
  }
}

/** The glob of a directory's migration files, at any depth: `*.sql`, or `*.{sql,ts}` for several extensions. */
function filesOf(extensions: readonly string[]): string {
  const names = extensions.map((e) => e.replace(/^\./, ''));
  return names.length === 1 ? `**/*.${names[0]}` : `**/*.{${names.join(',')}}`;
}

function noFilesMessage(extensions: readonly string[], pattern: string): string {
  const others = extensions.filter((e) => e !== '.sql');
  if (others.length === extensions.length) return `no ${others.join('/')} files in directory "${pattern}"`;
  return `no .sql files in directory "${pattern}"${others.length > 0 ? ` (nor ${others.join('/')} files)` : ''}`;
}

function expandOne(cwd: string, pattern: string, extensions: readonly string[], overrides?: Map<string, string>): string[] {
  const abs = path.resolve(cwd, pattern);
  if (overrides?.has(abs)) return [abs];
  const kind = kindOf(abs);
  if (kind === 'file') return [abs];
  if (kind === 'dir') {
    // Not onlyFiles: a broken or looping symlink, a FIFO named *.sql is kept, so that reading
    // it reports it (invalid-file) instead of the migration silently missing from the set.
    const found = (
      glob(filesOf(extensions), { cwd: abs, absolute: true, onlyFiles: false, markDirectories: true, dot: false, followSymbolicLinks: false, caseSensitiveMatch: false, ignore: IGNORE })
    ).filter((f) => !f.endsWith('/'));
    if (found.length === 0) throw new DiscoveryError(noFilesMessage(extensions, pattern));
    return found.map((f) => path.resolve(f));
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
  const all = new Set<string>();
  for (const pattern of patterns) for (const file of expandOne(cwd, pattern, extensions, overrides)) all.add(file);
  return [...all].sort();
}
