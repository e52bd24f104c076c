// `lint --cache` when nothing changed: the run snapshot. A run that reported a whole set keeps
// its report with stat records of everything discovery read — the migration files, the
// directories its walk listed, the runners' marker files — and of the code. A later run with the
// same key whose records all stat the same takes that report without discovering, parsing or
// hashing anything, and the reporters' outputs of it as they were rendered: only the small
// snapshot file and the output are read. The findings and file list are read only for a format
// not rendered before, a file's text only when that reporter asks (a fix, SARIF's line hashes).
//
// Not kept: runs that report part of a set (--changed-since, --staged, named files), in-memory
// texts, and sets of ORM migrations (their coverage lines need the set's host sections).
//
// Files, per run key K: run-K.json (the snapshot: records, counts, its generation G), and for
// that generation run-K-G.report.json (findings, files) and run-K-G-R.out (output of reporter R).
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoots } from '../discover/inside.js';
import { decodeFileBytes } from '../discover/read.js';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import type { LintReport, LintReportOptions, ReportOutputs } from '../lint-run.js';
import { observeProbes } from '../runners/probe.js';
import type { Finding, MigrationSet, SourceText } from '../types.js';
import { configDigest } from './config-digest.js';
import type { ResultCacheOptions } from './engine.js';
import { engineInputs } from './fingerprint.js';
import { decodeFindings, encodeFindings, type EncodedFindings } from './findings-codec.js';
import { isPackedInputs, packedUnchanged, packInputs, racy, statAll, type PackedInputs, type StatRecord } from './input-stats.js';
import type { KeptSnapshot } from './invocation.js';
import { walkedDirectories } from './walked-dirs.js';
import { digestOf } from './text-digest.js';

const FORMAT = 2;
/** Snapshots kept per cache location (one per distinct run: paths, config); the oldest go. */
const KEEP = 8;
/** Outputs larger than this are not kept (they would be held whole in memory to be written). */
const MAX_OUTPUT = 64 * 1024 * 1024;

interface Snapshot {
  format: number;
  key: string;
  generation: string;
  inputs: PackedInputs;
  errorCount: number;
  warningCount: number;
  migrations: number;
}

interface StoredReport {
  /** The report's files in order: path, path relative to the working directory, whether it began with a BOM. */
  files: Array<[path: string, relPath: string, bom: boolean]>;
  /** Files of findings outside `files` follow them in this list. */
  findingFiles: string[];
  findings: EncodedFindings;
}

type CachedRun = LintReportOptions & { cache: ResultCacheOptions };

/** The options of a run whose report a snapshot may stand for; undefined when none may. */
function snapshotable(opts: LintReportOptions): CachedRun | undefined {
  return opts.cache && !opts.report && !(opts.overrides && opts.overrides.size > 0) ? (opts as CachedRun) : undefined;
}

function patternsOf(opts: LintReportOptions): string[] {
  const { config } = opts;
  return opts.paths && opts.paths.length > 0 ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.migrations.map((p) => resolve(config.dir, p));
}


/** What the report depends on besides the recorded inputs. */
function runKey(opts: LintReportOptions, code: readonly string[]): string {
  const roots = projectRoots(opts.config, opts.paths?.map((p) => resolve(opts.cwd, p)));
  const checkFixes = opts.checkFixes === true;
  return digestOf(JSON.stringify({ cwd: opts.cwd, dir: opts.config.dir, patterns: patternsOf(opts), roots, config: configDigest(opts.config), checkFixes, code }));
}

const snapshotFile = (location: string, key: string) => join(location, `run-${key.slice(0, 16)}.json`);
const generationFile = (location: string, key: string, generation: string, suffix: string) => join(location, `run-${key.slice(0, 16)}-${generation}${suffix}`);
const outputSuffix = (outputKey: string) => `-${digestOf(outputKey).slice(0, 16)}.out`;

function readText(path: string): string | undefined {
  try {
    return decodeFileBytes(path, readFileSync(path)).text;
  } catch {
    return undefined;
  }
}

/** A file of the report whose text is read from disk when first asked for (it stats as when it was linted). */
function lazySource(path: string, relPath: string, bom: boolean): SourceText {
  let text: string | undefined;
  return {
    path,
    relPath,
    ...(bom ? { bom: true } : {}),
    get text() {
      return (text ??= readText(path) ?? '');
    },
  };
}

/** The snapshot, and the record of its file as read. */
function readSnapshot(location: string, key: string): { snapshot: Snapshot; record: NonNullable<StatRecord> } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(snapshotFile(location, key), 'r');
    const s = fstatSync(fd);
    const parsed = JSON.parse(readFileSync(fd, 'utf8')) as Partial<Snapshot>;
    const valid = parsed.format === FORMAT && parsed.key === key && typeof parsed.generation === 'string' && isPackedInputs(parsed.inputs);
    return valid ? { snapshot: parsed as Snapshot, record: [s.size, s.mtimeMs, s.ctimeMs, s.ino] } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The outputs of one generation of a run's report, as files beside its snapshot. */
function keptOutputs(location: string, key: string, generation: string): ReportOutputs {
  return {
    get(outputKey) {
      try {
        return readFileSync(generationFile(location, key, generation, outputSuffix(outputKey)), 'utf8');
      } catch {
        return undefined;
      }
    },
    keep(outputKey, output) {
      if (output.length <= MAX_OUTPUT) writeAtomically(location, generationFile(location, key, generation, outputSuffix(outputKey)), output);
    },
  };
}

/** The report of the run the snapshot recorded, when every input is unchanged. */
export function replaySnapshot(options: LintReportOptions): LintReport | undefined {
  const opts = snapshotable(options);
  if (!opts) return undefined;
  const { location } = opts.cache;
  const key = runKey(opts, engineInputs());
  const read = readSnapshot(location, key);
  const snapshot = read?.snapshot;
  const reportFile = snapshot && generationFile(location, key, snapshot.generation, '.report.json');
  if (!read || !snapshot || !reportFile || !existsSync(reportFile) || !packedUnchanged(snapshot.inputs)) return undefined;
  opts.cache.stats?.({ hit: snapshot.migrations, missed: 0, unchangedRun: true });

  // Read when a reporter runs: a kept output needs neither.
  let stored: { files: Map<string, SourceText>; findings: Finding[] } | undefined;
  const load = () => {
    if (stored) return stored;
    let parsed: StoredReport;
    try {
      parsed = JSON.parse(readFileSync(reportFile, 'utf8')) as StoredReport;
    } catch (error) {
      throw new Error(`the cache in ${location} is damaged (${(error as Error).message}); delete it and run again`);
    }
    const files = new Map(parsed.files.map(([path, relPath, bom]) => [path, lazySource(path, relPath, bom)]));
    return (stored = { files, findings: decodeFindings(parsed.findings, [...files.keys(), ...parsed.findingFiles]) });
  };
  const set: MigrationSet = {
    migrations: [],
    get files() {
      return load().files;
    },
    usesDown: false,
    problems: [],
  };
  return {
    set,
    get findings() {
      return load().findings;
    },
    errorCount: snapshot.errorCount,
    warningCount: snapshot.warningCount,
    outputs: keptOutputs(location, key, snapshot.generation),
    snapshot: { file: snapshotFile(location, key), record: read.record, inputs: snapshot.inputs } satisfies KeptSnapshot,
  };
}

export interface SnapshotRecorder {
  /** Keeps the run's report as the snapshot, when it may stand for a later run (see the top); its outputs go with it. */
  save(report: LintReport): LintReport;
  /** Stops recording (after save, or when the run failed). */
  stop(): void;
}

/** Call before discovery: records what the runners' probes read until save(). */
export function recordSnapshot(options: LintReportOptions): SnapshotRecorder | undefined {
  const opts = snapshotable(options);
  if (!opts) return undefined;
  const started = Date.now();
  const probed = new Set<string>();
  const stop = observeProbes((path) => probed.add(path));
  return {
    stop,
    save(report) {
      stop();
      try {
        const outputs = saveSnapshot(opts, report, probed, started);
        return outputs ? { ...report, outputs } : report;
      } catch (error) {
        opts.cache.warn(`cannot keep the run in the cache (${(error as Error).message}); linted without it`);
        return report;
      }
    },
  };
}

function saveSnapshot(opts: CachedRun, report: LintReport, probed: ReadonlySet<string>, started: number): ReportOutputs | undefined {
  const { set, findings } = report;
  const walked = walkedDirectories(patternsOf(opts));
  if (!walked || set.migrations.some((m) => m.up.host || m.down?.host)) return undefined;
  const code = engineInputs();
  const files = [...set.files.values()];
  const inputs = statAll(new Set([...code, ...walked, ...probed, ...files.map((f) => f.path), ...set.problems.map((p) => p.file)]));
  // Each text must read back as linted: a file changed during the run is caught here or by its record.
  if (racy(inputs, started) || files.some((f) => readText(f.path) !== f.text)) return undefined;

  const { location } = opts.cache;
  const key = runKey(opts, code);
  const generation = digestOf(`${key}\0${JSON.stringify(inputs)}`).slice(0, 16);
  const listed = [...set.files.keys()];
  const inList = new Set(listed);
  const findingFiles = [...new Set(findings.map((f) => f.file).filter((f) => !inList.has(f)))];
  const stored: StoredReport = { files: files.map((f) => [f.path, f.relPath, f.bom === true]), findingFiles, findings: encodeFindings(findings, [...listed, ...findingFiles]) };
  const snapshot: Snapshot = { format: FORMAT, key, generation, inputs: packInputs(inputs), errorCount: report.errorCount, warningCount: report.warningCount, migrations: set.migrations.length };
  try {
    writeAtomically(location, generationFile(location, key, generation, '.report.json'), JSON.stringify(stored));
    // Last: a snapshot names only a generation whose report is complete.
    writeAtomically(location, snapshotFile(location, key), JSON.stringify(snapshot));
    pruneSnapshots(location);
  } catch (error) {
    opts.cache.warn(`cannot write the cache in ${location} (${(error as Error).message}); linted without it`);
    return undefined;
  }
  return keptOutputs(location, key, generation);
}

function writeAtomically(location: string, file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    makeIgnoredDirectory(location);
    writeFileSync(temp, content);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Keeps the newest KEEP snapshots and the files of the generations they name. */
function pruneSnapshots(location: string): void {
  const names = readdirSync(location);
  const snapshots = names
    .filter((n) => /^run-[0-9a-f]{16}\.json$/.test(n))
    .map((n) => ({ n, t: statSync(join(location, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of snapshots.slice(KEEP)) rmSync(join(location, n), { force: true });
  const live = new Set(
    snapshots.slice(0, KEEP).map(({ n }) => {
      try {
        return `${n.slice(0, -'.json'.length)}-${(JSON.parse(readFileSync(join(location, n), 'utf8')) as Snapshot).generation}`;
      } catch {
        return '';
      }
    }),
  );
  for (const n of names) {
    const generation = /^(run-[0-9a-f]{16}-[0-9a-f]{16})[-.]/.exec(n);
    if (generation && !live.has(generation[1])) rmSync(join(location, n), { force: true });
  }
}
