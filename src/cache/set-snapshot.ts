// `lint --cache`: the discovered migration set kept between runs, so that a run where few files
// changed (a pull-request check: `lint --changed-since REF --cache`) neither discovers nor reads
// the others. The snapshot holds the set's migrations and problems, and per file its lstat record
// (size, mtime, ctime, inode), the digest and length of its text; with the stat records of the
// directories the walk listed and of what the runners' probes read.
//
// A later run with the same key takes the set when the directories and probes stat the same and
// each file is unchanged: its record is the same and its mtime older than the snapshot by a margin
// (as git trusts an index entry), or else its text, read and hashed, is the same. Those files are
// read only if something asks for their text (src/cache/text-digest.ts answers the cache keys).
// Changed files are discovered again (src/cache/set-refresh.ts), or the whole set is when they
// cannot be alone. The snapshot is written again when an unchanged file had to be hashed, so the
// next run trusts its record, or when many files changed; a few changed files are read again by
// each run instead. It keeps each migration's chain digests (src/cache/chains.ts): a run hashes
// from the first changed migration of a directory on only.
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoots, insideCheck } from '../discover/inside.js';
import { decodeFileBytes, readSource } from '../discover/read.js';
import { expandPatterns } from '../discover/expand.js';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import { discoverSet } from '../lint.js';
import type { LintReportOptions } from '../lint-run.js';
import { observeProbes, probedAgain } from '../runners/probe.js';
import { isHostFile, migrationExtensions } from '../runners/extensions.js';
import type { DiscoveryProblem, Migration, MigrationSet, SectionSource, SourceText } from '../types.js';
import { configDigest } from './config-digest.js';
import type { ResultCacheOptions } from './engine.js';
import { codeDigest, engineInputs, knowCodeDigest } from './fingerprint.js';
import { sameRecord, type StatRecord } from './input-stats.js';
import { setDirectory } from '../set-directory.js';
import { knowChains, setChains } from './chains.js';
import { refreshChanged } from './set-refresh.js';
import { digestOf, knowText, textDigest, textLength, withoutText } from './text-digest.js';
import { inputsHold, recordInputs, settled, type VouchedInput } from './vouched-inputs.js';
import { walkedDirectories } from './walked-dirs.js';

const FORMAT = 2;
/**
 * A restored set with changed files is written again only when more than this share of its files
 * changed: a pull request's branch keeps a few migrations changed, and each run reading those
 * again costs less than rewriting the snapshot of the whole set.
 */
const REWRITE_SHARE = 1 / 32;

interface StoredFile {
  path: string;
  relPath: string;
  bom: boolean;
  record: StatRecord;
  digest: string;
  length: number;
}

/** A section without its text: a slice of its file's text unless `text` is kept (a runner rewrote it). */
interface StoredSection extends Omit<SectionSource, 'text' | 'file'> {
  file: number;
  length: number;
  digest: string;
  text?: string;
}

type StoredMigration = Omit<Migration, 'up' | 'down'> & { up: StoredSection; down?: StoredSection };

interface Snapshot {
  format: number;
  key: string;
  /** When the discovery it records began (ms since the epoch). */
  started: number;
  /** The directories the walk listed, what the runners' probes read, and the code. */
  inputs: VouchedInput[];
  probed: string[];
  files: StoredFile[];
  migrations: StoredMigration[];
  /** The code's digest (codeDigest()): it holds while the code's inputs do. */
  code: string;
  /** Per migration, its chain digests (src/cache/chains.ts). */
  chains: Array<[files: string, ups: string]>;
  problems: DiscoveryProblem[];
}

type CachedRun = LintReportOptions & { cache: ResultCacheOptions };

/** Restored sections that are slices of their files' texts (told apart without reading either). */
const slices = new WeakSet<SectionSource>();


function patternsOf(opts: LintReportOptions): string[] {
  const { config } = opts;
  return opts.paths && opts.paths.length > 0 ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.migrations.map((p) => resolve(config.dir, p));
}

/** What discovery depends on besides the recorded inputs. */
function setKey(opts: LintReportOptions, code: readonly string[]): string {
  const roots = projectRoots(opts.config, opts.paths?.map((p) => resolve(opts.cwd, p)));
  return digestOf(JSON.stringify({ cwd: opts.cwd, patterns: patternsOf(opts), roots, config: configDigest(opts.config), code }));
}

const snapshotFile = (location: string, key: string) => join(location, `set-${key.slice(0, 16)}.json`);

/** The record of the path itself (a symlink's own): a set holding a symlink is not kept. */
function lstatRecord(path: string): { record: StatRecord; link: boolean } {
  const s = lstatSync(path, { throwIfNoEntry: false });
  return s ? { record: [s.size, s.mtimeMs, s.ctimeMs, s.ino], link: s.isSymbolicLink() } : { record: null, link: false };
}

/**
 * The set to lint: kept from an earlier run when it still stands, else discovered (and kept).
 * Sets read with in-memory texts or ORM migrations are discovered every time.
 */
export async function discoverWithSnapshot(options: LintReportOptions): Promise<MigrationSet> {
  const opts = options.cache && !(options.overrides && options.overrides.size > 0) && !options.ormExecute ? (options as CachedRun) : undefined;
  if (!opts) return discoverSet(options);
  const code = engineInputs();
  const key = setKey(opts, code);
  const file = snapshotFile(opts.cache.location, key);
  const started = Date.now();
  const kept = readSnapshot(file, key);
  const restored = kept && restoreSet(opts, kept);
  if (restored) {
    knowCodeDigest(kept.code);
    probedAgain(kept.probed);
    if (restored.rewrite) save(opts, file, key, restored.set, { started, paths: kept.inputs.map(([path]) => path), probed: kept.probed });
    return restored.set;
  }
  // Listed before discovery reads: a file added meanwhile is missing from the listing, which then does not hold.
  const walked = walkedDirectories(patternsOf(opts));
  const listed = walked && (await expandPatterns(opts.cwd, patternsOf(opts), undefined, migrationExtensions(opts.config.runner)).catch(() => undefined));
  const probed = new Set<string>();
  const stop = observeProbes((path) => probed.add(path));
  try {
    const set = await discoverSet(opts);
    // A listed file that is not in the set (unreadable, or no runner's) is not vouched for: it might become a migration.
    if (walked && listed?.every((p) => set.files.has(p))) save(opts, file, key, set, { started, paths: [...walked, ...code, ...probed], probed: [...probed] });
    return set;
  } finally {
    stop();
  }
}

function readSnapshot(file: string, key: string): Snapshot | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Snapshot>;
    const valid = parsed.format === FORMAT && parsed.key === key && typeof parsed.started === 'number' && Array.isArray(parsed.files) && Array.isArray(parsed.migrations) && Array.isArray(parsed.inputs) && Array.isArray(parsed.chains) && parsed.chains.length === parsed.migrations.length && typeof parsed.code === 'string';
    return valid ? (parsed as Snapshot) : undefined;
  } catch {
    return undefined;
  }
}

interface Restored {
  set: MigrationSet;
  /**
   * The snapshot is written again: an unchanged file was hashed (its record moved, or was too
   * recent to trust), which the next run then trusts; or many files changed (REWRITE_SHARE).
   */
  rewrite: boolean;
}

function restoreSet(opts: CachedRun, snapshot: Snapshot): Restored | undefined {
  if (!inputsHold(snapshot.inputs, snapshot.started)) return undefined;
  const inside = insideCheck(projectRoots(opts.config, opts.paths?.map((p) => resolve(opts.cwd, p))));
  const files = new Map<string, SourceText>();
  const changed = new Set<string>();
  let hashedUnchanged = false;
  for (const stored of snapshot.files) {
    const now = lstatRecord(stored.path);
    if (now.link || now.record === null) return undefined;
    if (sameRecord(now.record, stored.record) && settled(now.record, snapshot.started)) {
      files.set(stored.path, unreadFile(stored));
      continue;
    }
    const read = readSource(stored.path, undefined, inside, !isHostFile(stored.path));
    if (read.text === undefined) return undefined;
    files.set(stored.path, { path: stored.path, relPath: stored.relPath, text: read.text, ...(read.bom ? { bom: true } : {}) });
    if (digestOf(read.text) !== stored.digest || (read.bom === true) !== stored.bom) changed.add(stored.path);
    else hashedUnchanged = true;
  }
  const paths = snapshot.files.map((f) => f.path);
  const migrations = snapshot.migrations.map((m) => migrationOf(m, paths, files));
  const kept: MigrationSet = { migrations, files, usesDown: migrations.some((m) => m.down !== undefined), problems: snapshot.problems };
  const set = changed.size === 0 ? kept : refreshChanged(kept, changed, opts, vouchedListings(snapshot.inputs));
  if (!set) return undefined;
  knowIntactChains(set.migrations, migrations, snapshot.chains);
  return { set, rewrite: hashedUnchanged || changed.size > files.size * REWRITE_SHARE };
}

/** The directories' names the inputs recorded: current once inputsHold() said so. */
const vouchedListings = (inputs: readonly VouchedInput[]) => new Map(inputs.flatMap(([path, , names]) => (names ? [[path, names] as const] : [])));

/**
 * The stored chain digests of the migrations restored as they were (`restored`, in place in
 * `migrations`) up to the first migration of their directory that is not.
 */
function knowIntactChains(migrations: readonly Migration[], restored: readonly Migration[], chains: Snapshot['chains']): void {
  const broken = new Set<string>();
  migrations.forEach((m, i) => {
    const dir = setDirectory(m);
    if (broken.has(dir)) return;
    if (m !== restored[i]) broken.add(dir);
    else knowChains(m, { files: chains[i][0], ups: chains[i][1] });
  });
}

/** A file the snapshot vouches for: its text is read from disk when first asked for. */
function unreadFile(stored: StoredFile): SourceText {
  let text: string | undefined;
  const source: SourceText = {
    path: stored.path,
    relPath: stored.relPath,
    ...(stored.bom ? { bom: true } : {}),
    get text() {
      return (text ??= decodeFileBytes(stored.path, readFileSync(stored.path)).text ?? '');
    },
  };
  knowText(source, stored.digest, stored.length);
  return source;
}

function migrationOf(stored: StoredMigration, paths: readonly string[], files: ReadonlyMap<string, SourceText>): Migration {
  const section = ({ file: index, length, digest, text: kept, ...rest }: StoredSection): SectionSource => {
    const file = files.get(paths[index])!;
    let text = kept;
    // Keys in discovery's order (file, text, offset, wrap …): the cache keys are made of their JSON.
    const source: SectionSource = {
      file: file.path,
      get text() {
        return (text ??= file.text.slice(rest.offset, rest.offset + length));
      },
      ...rest,
    };
    knowText(source, digest, length);
    if (kept === undefined) slices.add(source);
    return source;
  };
  // The sections in their places among the stored keys (a spread keeps each key where it was).
  return { ...stored, up: section(stored.up), ...(stored.down ? { down: section(stored.down) } : {}) } as Migration;
}

interface SaveInputs {
  started: number;
  /** The directories the walk listed, what the probes read, and the code. */
  paths: string[];
  probed: string[];
}

/** Writes the snapshot of a discovered set, unless it cannot stand for a later run (see the top). */
function save(opts: CachedRun, file: string, key: string, set: MigrationSet, inputs: SaveInputs): void {
  if (set.migrations.some((m) => m.up.host || m.down?.host)) return;
  const index = new Map<string, number>();
  const files: StoredFile[] = [];
  for (const source of set.files.values()) {
    const { record, link } = lstatRecord(source.path);
    if (link || record === null) return;
    index.set(source.path, files.length);
    files.push({ path: source.path, relPath: source.relPath, bom: source.bom === true, record, digest: textDigest(source), length: textLength(source) });
  }
  if (set.migrations.some((m) => !index.has(m.up.file) || (m.down && !index.has(m.down.file)))) return;
  const section = (source: SectionSource): StoredSection => {
    const { file, ...rest } = withoutText(source);
    const length = textLength(source);
    const slice = slices.has(source) || set.files.get(file)!.text.slice(source.offset, source.offset + length) === source.text;
    return { file: index.get(file)!, ...rest, length, digest: textDigest(source), ...(slice ? {} : { text: source.text }) };
  };
  const migrations = set.migrations.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k === 'up' || k === 'down' ? section(v as SectionSource) : v])) as StoredMigration);
  const chains = setChains(set);
  // This run's cache keys are made of them too.
  set.migrations.forEach((m, i) => knowChains(m, chains[i]));
  const snapshot: Snapshot = {
    format: FORMAT,
    key,
    started: inputs.started,
    inputs: recordInputs(inputs.paths, inputs.started),
    probed: inputs.probed,
    code: codeDigest(),
    files,
    migrations,
    chains: chains.map((c) => [c.files, c.ups]),
    problems: set.problems,
  };
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    makeIgnoredDirectory(opts.cache.location);
    writeFileSync(temp, JSON.stringify(snapshot));
    renameSync(temp, file);
  } catch {
    // Not told: the result cache, written to the same location, warns once for both.
    try {
      rmSync(temp, { force: true });
    } catch {
      // The location is not a directory: there is no temporary file.
    }
  }
}
