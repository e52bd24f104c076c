// The git facts the lint command needs (--staged, --changed-since, SARIF's repository root).
// git runs with argument arrays only, never through a shell.
import { execFile } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { decodeFileBytes } from './discover.js';

/** A git command failed or git cannot answer (not a repository, unknown ref …): exit 2. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

function run(cwd: string, args: string[]): Promise<Buffer> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.toString('utf8').trim() || error.message;
        fail(new GitError(`git ${args[0]} failed: ${detail}`));
      } else done(stdout);
    });
  });
}

const nulList = (out: Buffer) => out.toString('utf8').split('\0').filter(Boolean);

/** The repository's top-level directory (real path), or undefined outside a repository. */
export async function gitToplevel(cwd: string): Promise<string | undefined> {
  try {
    return (await run(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface GitScope {
  root: string;
  /** Absolute paths (in the spelling of cwd) of the files to report. */
  files: Set<string>;
  /** Content to lint instead of the working tree (the index, for --staged). */
  overrides: Map<string, string>;
  /** True when `file` is one of `files` (compares real paths, so symlinked temp dirs match). */
  has(file: string): boolean;
}

async function requireRoot(cwd: string, flag: string): Promise<string> {
  const root = await gitToplevel(cwd);
  if (!root) throw new GitError(`${flag} needs a git repository (${cwd} is not inside one)`);
  return root;
}

// git prints paths relative to the top level, which git resolved through symlinks; express
// them from cwd as the user spelled it, which is how discovery names files.
function localPaths(cwd: string, root: string): (repoPath: string) => string {
  const realCwd = safeRealpath(cwd);
  return (p) => resolve(cwd, relative(realCwd, resolve(root, p)));
}

/** `files`: absolute paths in the spelling of cwd. */
function scope(root: string, files: Set<string>): GitScope {
  const real = new Set([...files].map(safeRealpath));
  const realNames = new Set([...real].map((p) => basename(p)));
  const dirs = new Map<string, { real: string; links: ReadonlySet<string> }>();
  const directory = (dir: string) => {
    let found = dirs.get(dir);
    if (found === undefined) dirs.set(dir, (found = { real: safeRealpath(dir), links: symbolicLinksIn(dir) }));
    return found;
  };
  // The real path of a file that is not a symbolic link is its directory's real path and its
  // name: a whole set's files are asked about (a few of them in the scope), with one realpath and
  // one listing per directory instead of a realpath per file.
  const inScope = (file: string) => {
    if (files.has(file)) return true;
    const name = basename(file);
    const dir = directory(dirname(file));
    if (dir.links.has(name)) return real.has(safeRealpath(file));
    // Its real path ends with its own name: most files of a set are told apart without building it.
    return realNames.has(name) && real.has(join(dir.real, name));
  };
  const memo = new Map<string, boolean>();
  const has = (file: string) => {
    let hit = memo.get(file);
    if (hit === undefined) memo.set(file, (hit = inScope(file)));
    return hit;
  };
  return { root, files, overrides: new Map(), has };
}

/** The names of a directory's symbolic links (none when it cannot be listed). */
function symbolicLinksIn(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isSymbolicLink() ? [entry.name] : [])));
  } catch {
    return new Set();
  }
}

function safeRealpath(p: string): string {
  try {
    // One system call: the JavaScript realpathSync walks every component of every file's path.
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

const isSql = (p: string) => /\.sql$/i.test(p);

/**
 * --staged: the files added, copied, modified or renamed in the index (or the files given: what
 * the pre-commit framework passes, every tracked file with --all-files), and the index content
 * of every .sql file whose index version differs from the working tree or HEAD.
 */
export async function stagedScope(cwd: string, given: readonly string[] = []): Promise<GitScope> {
  const root = await requireRoot(cwd, '--staged');
  const staged = nulList(await run(root, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames']));
  const unstaged = nulList(await run(root, ['diff', '--name-only', '-z', '--diff-filter=M']));
  const toLocal = localPaths(cwd, root);
  const result = scope(root, new Set(given.length > 0 ? given.map((p) => resolve(cwd, p)) : staged.map(toLocal)));
  for (const p of new Set([...staged, ...unstaged].filter(isSql))) {
    const bytes = await run(root, ['show', `:${p}`]);
    const decoded = decodeFileBytes(p, bytes);
    // Undecodable content is left to the working-tree read, which reports it as invalid-file.
    if (decoded.text !== undefined) result.overrides.set(toLocal(p), decoded.text);
  }
  return result;
}

/**
 * --changed-since REF: files added or modified between the merge base of REF and HEAD and the
 * working tree, plus untracked files (a new migration not yet committed). Three git processes at
 * once, from cwd: the top level, the diff from the merge base (git 2.30's `diff --merge-base`;
 * paths from the top level, `--no-relative`) and the untracked files of the whole repository
 * (`:/`, `--full-name`). Any failure takes the long way, step by step, whose messages say what went wrong.
 */
export async function changedSinceScope(cwd: string, ref: string): Promise<GitScope> {
  if (ref.startsWith('-')) throw new GitError(`--changed-since: "${ref}" is not a git ref`);
  let root: string;
  let changed: string[];
  let untracked: string[];
  try {
    const [top, diff, others] = await Promise.all([
      run(cwd, ['rev-parse', '--show-toplevel']),
      run(cwd, ['diff', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', '--no-relative', '--merge-base', `${ref}^{commit}`, '--']),
      run(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', ':/']),
    ]);
    root = top.toString('utf8').trim();
    [changed, untracked] = [nulList(diff), nulList(others)];
  } catch {
    root = await requireRoot(cwd, '--changed-since');
    [changed, untracked] = await Promise.all([changedFromMergeBase(root, ref), untrackedFiles(root)]);
  }
  return scope(root, new Set([...changed, ...untracked].map(localPaths(cwd, root))));
}

const untrackedFiles = async (root: string) => nulList(await run(root, ['ls-files', '--others', '--exclude-standard', '-z']));

async function changedFromMergeBase(root: string, ref: string): Promise<string[]> {
  let commit: string;
  try {
    commit = (await run(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim();
  } catch {
    throw new GitError(`--changed-since: unknown git ref "${ref}" (in a CI checkout, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
  }
  let base: string;
  try {
    base = (await run(root, ['merge-base', commit, 'HEAD'])).toString('utf8').trim();
  } catch {
    throw new GitError(`--changed-since: "${ref}" has no common history with HEAD (a shallow clone? fetch with fetch-depth: 0)`);
  }
  return nulList(await run(root, ['diff', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', base]));
}

/** The repository root in the spelling of cwd (SARIF's %SRCROOT%), or cwd outside a repository. */
export async function repositoryRoot(cwd: string): Promise<string> {
  const root = await gitToplevel(cwd);
  return root ? localPaths(cwd, root)('') : cwd;
}
