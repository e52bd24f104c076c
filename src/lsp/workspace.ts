// What the language server lints: the same loadConfig() + discovery + analyseSet() as
// `migrationlint lint`, with open buffers in place of the files on disk. The configs, the
// files of each migration set and the parse of every section are cached; the disk caches are
// dropped when a file changes on disk (save, watched-file events).
// Table sizes come from the stats file only: unlike `lint --database-url`, the editor never
// connects to a database.
import { dirname, resolve } from 'node:path';
import { FactsCache } from '../facts-cache.js';
import { loadConfig, type ResolvedConfig } from '../config.js';
import { discover, DiscoveryError } from '../discover.js';
import { projectRoots } from '../discover/inside.js';
import { analyseSet, lint, type AnalyseSetOptions, type LintResult } from '../lint.js';
import { loadParser, parseSection } from '../parse.js';
import type { MigrationSet, ParsedSection, SectionSource } from '../types.js';
import { SetCache } from './set-cache.js';
import { LaterIndexesCache } from './later-indexes.js';
import { SetAnalysis } from './set-analysis.js';
import { SetCheckpoints } from './set-checkpoints.js';
import { KeptMigrationAnalyses } from './kept-analyses.js';
import { afterAnswer } from './after-answer.js';
import { unitsForPaths, zeroConfigFor } from '../lint-units.js';
import { SetLookup } from '../discover/set-of-file.js';
import { withoutConfigFile } from '../zero-config.js';
import { nestedStatementsOnce } from '../nested-memo.js';

/** Statement texts whose nested statements the workspace remembers (about; the most recently read). */
const NESTED_KEPT = 512;

/** What is kept of a set read from disk: its whole analysis, the catalogs before its migrations, what later ones record, the last analyses of edited migrations. */
interface Kept {
  analysis: SetAnalysis;
  facts: SetCheckpoints;
  later: LaterIndexesCache;
  kept: KeptMigrationAnalyses;
}

export interface WorkspaceOptions {
  /** Workspace folders (absolute paths); a file's cwd is the folder that holds it. */
  folders: string[];
}

export class Workspace {
  private readonly configs = new Map<string, Promise<ResolvedConfig>>();
  /**
   * One object per config file (per cwd when there is none), whichever directory it was found
   * from: the set and facts caches hold only for the config object they were built with.
   */
  private loaded = new Map<string, ResolvedConfig>();
  private readonly sets = new Map<string, Promise<SetCache | undefined>>();
  /** The last two parses of each section: typically its text on disk and in the editor. */
  private readonly parsed = new Map<string, Array<{ text: string; parsed: ParsedSection }>>();
  /** The catalogs of the migrations before the file being edited, per migration set. */
  private readonly facts = new Map<string, FactsCache>();
  /** What the migrations after the file being edited record (indexes, type-fix events), per migration set. */
  private readonly later = new Map<string, LaterIndexesCache>();
  /** Per set read from disk: its whole analysis and the checkpoints it keeps. */
  private readonly analyses = new WeakMap<SetCache, Kept>();
  /** With no config file: the sets found upward from files, per cwd. */
  private readonly lookups = new Map<string, SetLookup>();

  constructor(private readonly options: WorkspaceOptions) {}

  /** The directory a file is linted from: its workspace folder, else its own directory. */
  cwdFor(file: string): string {
    const folder = this.options.folders.filter((f) => file === f || file.startsWith(f.endsWith('/') ? f : `${f}/`)).sort((a, b) => b.length - a.length)[0];
    return folder ?? dirname(file);
  }

  /** Forget what was read from disk (a file was saved, created, deleted or the config changed). */
  invalidate(): void {
    this.configs.clear();
    this.loaded = new Map(); // a load still under way fills the old map
    this.sets.clear();
    this.lookups.clear();
  }

  /** The file's config; under no config file, that of the set found upward from it, as `lint FILE` picks it. */
  async config(file: string, text?: string): Promise<ResolvedConfig> {
    const cwd = this.cwdFor(file);
    const key = `${cwd}\0${dirname(file)}`;
    let config = this.configs.get(key);
    if (!config) {
      config = loadConfig({ cwd, searchFrom: file });
      this.configs.set(key, config);
      config.catch(() => this.configs.delete(key));
    }
    const loaded = this.loaded;
    const found = await config;
    if (!withoutConfigFile(found)) return canonical(loaded, found, cwd);
    let lookup = this.lookups.get(cwd);
    if (!lookup) this.lookups.set(cwd, (lookup = new SetLookup(cwd)));
    const { config: forFile, set } = await zeroConfigFor(found, lookup, file, text);
    const known = canonical(loaded, forFile, cwd);
    // The set as the lookup read it is the set on disk: not read again.
    if (set && known === forFile) this.sets.set(setKey(known, cwd), Promise.resolve(setCacheOf(set.read, known)));
    return known;
  }

  /**
   * The findings of `file`, linted as part of its configured migration set, or alone when the
   * configured set does not hold it — decided as `migrationlint lint FILE` decides (unitsForPaths).
   * `buffers` are the open documents' texts by absolute path. `markEmptyingFixes: false` for
   * findings shown without their fixes (diagnostics): see analyseSet.
   */
  async lintFile(file: string, buffers: ReadonlyMap<string, string>, options: Pick<AnalyseSetOptions, 'markEmptyingFixes'> = {}): Promise<LintResult> {
    await loadParser();
    const config = await this.config(file, buffers.get(file));
    const cwd = this.cwdFor(file);
    const disk = await this.diskSet(config, cwd);
    const [unit] = unitsForPaths(config, [file], (f) => disk?.has(f) === true, cwd);
    if (!disk || !unit?.report) {
      const text = buffers.get(file);
      return lint({ cwd, config, paths: [file], ...(text !== undefined ? { overrides: new Map([[file, text]]) } : {}) });
    }
    const set = disk.withBuffers(buffers);
    const { analysis, facts, later, kept } = this.keptFor(disk, config, cwd);
    if (set === disk.onDisk) {
      // Before the first keystroke in the file: what splicing its edits into the set needs.
      afterAnswer(() => disk.prepare(file));
      // Diagnostics: until the whole set is analysed (soon after the first answer), a file answers alone.
      if (options.markEmptyingFixes === false) {
        if (analysis.done) return analysis.resultFor(file);
        analysis.schedule();
      }
    }
    return analyseSet(set, config, { ...options, report: unit.report, parse: this.parseSource, facts, later, kept, readNested: this.readNested });
  }

  /** What is kept of the set on disk: its whole analysis, the catalogs before its migrations, what later ones record. */
  private keptFor(disk: SetCache, config: ResolvedConfig, cwd: string): Kept {
    let kept = this.analyses.get(disk);
    if (!kept) {
      const key = setKey(config, cwd);
      let edited = this.facts.get(key);
      if (!edited) this.facts.set(key, (edited = new FactsCache()));
      let later = this.later.get(key);
      if (!later) this.later.set(key, (later = new LaterIndexesCache(this.parseSource)));
      const facts = new SetCheckpoints(disk.onDisk.migrations, config, edited);
      kept = { analysis: new SetAnalysis({ set: disk.onDisk, config, parse: this.parseSource, facts, later }), facts, later, kept: new KeptMigrationAnalyses() };
      this.analyses.set(disk, kept);
    }
    return kept;
  }

  /**
   * Is the file part of its configured (or detected) migration set? The server lints an ORM
   * migration (.ts, .js, .py) only then: such files elsewhere are the project's code.
   */
  async inMigrationSet(file: string): Promise<boolean> {
    const config = await this.config(file);
    return (await this.diskSet(config, this.cwdFor(file)))?.has(file) === true;
  }

  private diskSet(config: ResolvedConfig, cwd: string): Promise<SetCache | undefined> {
    const key = setKey(config, cwd);
    let set = this.sets.get(key);
    if (!set) {
      set = readSet(config, cwd);
      this.sets.set(key, set);
    }
    return set;
  }

  private readonly parseSource = (source: SectionSource): ParsedSection => this.parse(source);

  /** The bodies of DO blocks and routines of the statements a keystroke left as they were: not parsed again. */
  private readonly readNested = nestedStatementsOnce(NESTED_KEPT);

  private parse(source: SectionSource): ParsedSection {
    const key = `${source.file}\0${source.offset}\0${source.wrap}`;
    const recent = this.parsed.get(key) ?? [];
    const hit = recent.find((r) => r.text === source.text);
    if (hit) return hit.parsed;
    const parsed = parseSection(source);
    this.parsed.set(key, [{ text: source.text, parsed }, ...recent.slice(0, 1)]);
    return parsed;
  }
}

/** One migration set: its config file, else (no config) its directories and runner, per cwd. */
const setKey = (config: ResolvedConfig, cwd: string) => `${config.file ?? ['', ...config.migrations, config.runner].join('\0')}\0${cwd}`;

function canonical(loaded: Map<string, ResolvedConfig>, config: ResolvedConfig, cwd: string): ResolvedConfig {
  const key = setKey(config, cwd);
  const known = loaded.get(key);
  if (known) return known;
  loaded.set(key, config);
  return config;
}

async function readSet(config: ResolvedConfig, cwd: string): Promise<SetCache | undefined> {
  try {
    const set = await discover({
      cwd,
      patterns: config.migrations.map((p) => resolve(config.dir, p)),
      inside: projectRoots(config),
      runner: config.runner,
      assumeInTransaction: config.assumeInTransaction,
      ...(config.runnerOptions ? { runnerOptions: config.runnerOptions } : {}),
    });
    return setCacheOf(set, config);
  } catch (error) {
    // No configured migrations here (a pattern matches nothing): files are linted alone.
    if (error instanceof DiscoveryError) return undefined;
    throw error;
  }
}

function setCacheOf(set: MigrationSet, config: ResolvedConfig): SetCache {
  // A file that could not be read is not in `files`; every other problem comes from building the set.
  const readProblems = set.problems.filter((p) => !set.files.has(p.file));
  return new SetCache(set.files, readProblems, config.runner, config.assumeInTransaction, config.runnerOptions);
}
