// Migration discovery: paths, directories and globs → MigrationSet (see DESIGN.md,
// "Migration sets, layouts and runner directives"). The layout work lives in ./discover/.
import path from 'node:path';
import type { DiscoveryProblem, Migration, MigrationSet, RunnerName, SourceText } from './types.js';
import { loadParser } from './parse.js';
import { buildMigrations } from './discover/build.js';
import { walkPatterns } from './discover/expand.js';
import { checkText, readSource } from './discover/read.js';
import { insideCheck } from './discover/inside.js';
import type { RunnerOptions } from './runners/types.js';
import { createDiskReads, type DiskReads } from './runners/probe.js';
import { hostRunnerTitles, isHostFile, migrationExtensions } from './runners/extensions.js';
import { DiscoveryError } from './discover/expand.js';
import type { OrmExecuteOptions } from './hosts/execute/index.js';

export { DiscoveryError } from './discover/expand.js';
export { compareVersions } from './discover/versions.js';
export { decodeFileBytes, type Decoded } from './discover/read.js';

export interface DiscoverOptions {
  /** Absolute; relPath of files is relative to this, forward slashes. */
  cwd: string;
  /** Files, directories, or globs (relative to cwd, or absolute). */
  patterns: string[];
  /** From config; 'auto' = detect per file from markers. */
  runner: RunnerName;
  /** Config: every migration's sections get wrap 'wrapped'. */
  assumeInTransaction: boolean;
  /** Config `runnerOptions`. */
  runnerOptions?: RunnerOptions;
  /** Optional in-memory content overriding the disk (editor buffers, --stdin, git staged content). Keys are absolute paths. */
  overrides?: Map<string, string>;
  /** Real paths of the directories files on disk must resolve into (projectRoots); others are invalid-file, unread. */
  inside?: readonly string[];
  /** `orm.execute` (the CLI only): ORM migrations are run with a recording driver for the SQL they send. */
  ormExecute?: OrmExecuteOptions;
}

const byPosition = (a: DiscoveryProblem, b: DiscoveryProblem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start);

/** A file's path relative to `cwd`, with forward slashes. */
function relativeTo(cwd: string): (abs: string) => string {
  if (path.sep !== '/') return (abs) => path.relative(cwd, abs).split(path.sep).join('/');
  const under = path.resolve(cwd) === cwd ? `${cwd.replace(/\/$/, '')}/` : undefined;
  // A path under cwd with no `.`, `..` or empty segment is its own tail: path.relative would
  // resolve both paths again, for each of thousands of files.
  return (abs) => (under && abs.startsWith(under) && !abs.includes('/.') && !abs.includes('//') && !abs.endsWith('/') ? abs.slice(under.length) : path.relative(cwd, abs));
}

/** Throws DiscoveryError when a pattern matches nothing; every file-level problem is a DiscoveryProblem. */
export async function discover(opts: DiscoverOptions): Promise<MigrationSet> {
  const { paths, walked } = walkPatterns(opts.cwd, opts.patterns, opts.overrides, migrationExtensions(opts.runner));
  const inside = opts.inside ? insideCheck(opts.inside) : undefined;
  const decoded = paths.map((file) => readSource(file, opts.overrides, inside, !isHostFile(file), walked.regular.has(file)));
  const files = new Map<string, SourceText>();
  const problems: DiscoveryProblem[] = [];
  const relPath = relativeTo(opts.cwd);
  paths.forEach((abs, i) => {
    const d = decoded[i];
    if (d?.problem) problems.push(d.problem);
    if (d?.text !== undefined) files.set(abs, { path: abs, relPath: relPath(abs), text: d.text, ...(d.bom ? { bom: true } : {}) });
  });
  const named = new Set(opts.patterns.map((p) => path.resolve(opts.cwd, p)));
  // Loaded only when asked: running migrations is never part of a plain lint.
  const executed = opts.ormExecute ? await (await import('./hosts/execute/index.js')).executeHostFiles([...files.values()], opts.runner, opts.ormExecute) : undefined;
  // Reading an ORM file's SQL templates asks the parser which holes stand where values go (src/hosts/holes.ts).
  if (paths.some(isHostFile)) await loadParser();
  const built = buildMigrations([...files.values()], opts.runner, opts.assumeInTransaction, opts.runnerOptions, named, executed?.byFile, createDiskReads(walked.listings));
  problems.push(...built.problems, ...(executed?.problems ?? []));
  for (const file of built.skipped) files.delete(file);
  if (files.size === 0 && built.skipped.length > 0) {
    const exts = [...new Set(built.skipped.map((f) => path.extname(f).toLowerCase()))].join('/');
    throw new DiscoveryError(`no migrations found: ${built.skipped.length} ${exts} file${built.skipped.length === 1 ? '' : 's'}, none of them a migration of a runner that reads ${exts} files (${hostRunnerTitles()})`);
  }
  // A problem in a runner's own file (a journal, a plan) brings that file into the set, for its positions.
  for (const [file, text] of built.runnerFiles) files.set(file, { path: file, relPath: relPath(file), text });
  return {
    migrations: built.migrations,
    files,
    usesDown: built.migrations.some((m) => m.down !== undefined),
    problems: problems.sort(byPosition),
    ...(executed && executed.notes.length > 0 ? { notes: executed.notes } : {}),
  };
}

/**
 * Split one file's text into migrations (used for --stdin and by tests). `text` must be
 * decoded already, without BOM (see decodeFileBytes); offsets refer to it as given. A
 * `.down.sql` alone reports a lone down: use migrationsFromSources to pair files.
 */
export function migrationsFromFile(path: string, text: string, runner: RunnerName, assumeInTransaction: boolean): { migrations: Migration[]; problems: DiscoveryProblem[] } {
  return migrationsFromSources([{ path, relPath: path, text }], runner, assumeInTransaction);
}

/** The same for several in-memory files of one set: pairs up/down files and orders by version. */
export function migrationsFromSources(
  files: SourceText[],
  runner: RunnerName,
  assumeInTransaction: boolean,
  runnerOptions?: RunnerOptions,
  disk?: DiskReads,
): { migrations: Migration[]; problems: DiscoveryProblem[] } {
  const problems: DiscoveryProblem[] = [];
  const valid: SourceText[] = [];
  for (const f of files) {
    const checked = checkText(f.path, f.text);
    if (checked.problem) problems.push(checked.problem);
    else valid.push(f);
  }
  const built = buildMigrations(valid, runner, assumeInTransaction, runnerOptions, new Set(valid.map((f) => f.path)), undefined, disk);
  return { migrations: built.migrations, problems: [...problems, ...built.problems] };
}
