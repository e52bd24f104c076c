// Which config governs each file a `lint` run covers: the nearest .migrationlintrc.json upward
// from the file, else the one upward from the working directory — as the language server finds
// it. A run over the files of several configs (a monorepo's services; `--staged` from the
// repository root with the config in a subdirectory) lints one unit per config, and reports each
// file once, under its own config.
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { CONFIG_FILE, findConfig, loadConfig, type ResolvedConfig } from './config.js';
import { DiscoveryError, expandPatterns } from './discover/expand.js';
import type { GitScope } from './git.js';
import { groupBy } from './group.js';
import type { LintReport } from './lint-run.js';
import { compareFindings } from './lint.js';
import type { MigrationSet, SourceText } from './types.js';
import { migrationExtensions } from './runners/extensions.js';
import { findMigrationSets } from './discover/zero-config.js';
import { configForSet, withoutConfigFile, zeroConfigSets, type FoundSet } from './zero-config.js';
import { SetLookup } from './discover/set-of-file.js';

export interface LintUnit {
  config: ResolvedConfig;
  /** Files, directories or globs to lint instead of the config's migrations. */
  paths: string[];
  /** Report only the findings of the files this accepts; the rest of the set is read for facts. */
  report?: (file: string) => boolean;
  /** The set as zero-config discovery read it from disk: the lint reads it again only with other texts or options. */
  read?: MigrationSet;
}

export interface LintPlan {
  units: LintUnit[];
  /** `.sql` files of a git scope under no config, which are not linted (relative to cwd). */
  unconfigured: string[];
  /** With no config and no paths: the sets zero-config discovery found, one unit each. */
  found?: FoundSet[];
}

export interface PlanOptions {
  cwd: string;
  /** --config: one config for every file. */
  configPath?: string;
  /** Files, directories or globs given on the command line (not with --staged: they are its scope). */
  paths: string[];
  /** --staged, --changed-since: the files to report. */
  scope?: GitScope;
  /** In-memory texts by absolute path (--stdin). */
  overrides?: ReadonlyMap<string, string>;
  /** Configs already loading, by config file path (src/changed-since-prefetch.ts). */
  configs?: ReadonlyMap<string, Promise<ResolvedConfig>>;
}

export async function planLint(opts: PlanOptions): Promise<LintPlan> {
  const { cwd, paths, scope } = opts;
  const report = scope ? { report: scope.has } : {};
  if ((opts.configPath && scope) || (!scope && paths.length === 0)) {
    const config = await loadConfig({ cwd, ...(opts.configPath ? { configPath: opts.configPath } : {}) });
    if (!scope && withoutConfigFile(config)) {
      const found = await zeroConfigSets(cwd, 'lint', true);
      return { units: found.map((set) => ({ config: configForSet(config, set), paths: [], read: set.read })), unconfigured: [], found };
    }
    return { units: [{ config, paths, ...report }], unconfigured: [] };
  }
  const configOf = nearestConfig(cwd);
  const configs = new Map<string | undefined, Promise<ResolvedConfig>>(opts.configs);
  const load = (file: string | undefined) => {
    let config = configs.get(file);
    if (!config) configs.set(file, (config = loadConfig(file ? { cwd, configPath: file } : { cwd })));
    return config;
  };

  if (paths.length > 0) {
    // Under no config, a named file of a set found upward from it is linted in that set; other
    // paths with the defaults, as a path named by a person always was.
    const groups = opts.configPath ? new Map([[opts.configPath, paths]]) : groupBy(paths, configOf.ofPath);
    const units: LintUnit[] = [];
    for (const [file, members] of groups) {
      const config = await load(file);
      let rest = members;
      if (!file) {
        const held = await namedFilesInSets(config, members, cwd, opts.overrides);
        units.push(...held.units);
        rest = held.rest;
      }
      if (rest.length === 0) continue;
      const inSet = await configuredFiles(config, cwd, opts.overrides);
      units.push(...unitsForPaths(config, rest, (p) => inSet.has(resolve(cwd, p)), cwd));
    }
    return { units, unconfigured: [] };
  }

  const units: LintUnit[] = [];
  const unconfigured: string[] = [];
  const found: FoundSet[] = [];
  for (const [file, members] of groupBy(scope!.files, configOf.ofFile)) {
    const inUnit = (f: string) => scope!.has(f) && configOf.ofFile(f) === file;
    if (file) {
      units.push({ config: await load(file), paths: [], report: inUnit });
      continue;
    }
    // No config upward from these files nor from cwd: the sets zero-config discovery finds
    // (a Prisma set in packages/db/prisma/migrations as well as ./migrations), each reported
    // for its own scoped files.
    const defaults = await load(undefined);
    const covered = new Set<string>();
    for (const set of (await findMigrationSets(cwd)).sets) {
      const config = configForSet(defaults, set);
      const files = await configuredFiles(config, cwd, opts.overrides);
      const mine = members.filter((f) => files.has(f) && !covered.has(f));
      if (mine.length === 0) continue;
      for (const f of mine) covered.add(f);
      const reported = new Set(mine);
      found.push(set);
      units.push({ config, paths: [], report: (f) => inUnit(f) && reported.has(f) });
    }
    for (const f of members) if (!covered.has(f) && /\.sql$/i.test(f)) unconfigured.push(relative(cwd, f));
  }
  return { units, unconfigured, ...(found.length > 0 ? { found } : {}) };
}

/**
 * The units that lint named paths: a named file of the config's migration set is linted as part
 * of the set (the whole set read for facts, only the named files reported), as `--staged`,
 * `--changed-since` and the language server do; other files, directories and globs are linted
 * on their own as before.
 */
export function unitsForPaths(config: ResolvedConfig, paths: readonly string[], inSet: (path: string) => boolean, cwd: string): LintUnit[] {
  const named = new Set(paths.filter(inSet).map((p) => resolve(cwd, p)));
  const rest = paths.filter((p) => !inSet(p));
  return [...(named.size > 0 ? [{ config, paths: [], report: (f: string) => named.has(f) }] : []), ...(rest.length > 0 ? [{ config, paths: rest }] : [])];
}

/** The config a file is linted with under no config: its set's when one is found upward from it (SetLookup). */
export async function zeroConfigFor(defaults: ResolvedConfig, lookup: SetLookup, file: string, text?: string): Promise<{ config: ResolvedConfig; set?: FoundSet }> {
  const set = await lookup.setOf(file, text);
  return set ? { config: configForSet(defaults, set), set } : { config: defaults };
}

/** Named files (not directories or globs) under no config: one unit per set found upward from them, reporting those files. */
async function namedFilesInSets(defaults: ResolvedConfig, paths: readonly string[], cwd: string, overrides?: ReadonlyMap<string, string>): Promise<{ units: LintUnit[]; rest: string[] }> {
  const lookup = new SetLookup(cwd);
  const bySet = new Map<FoundSet, { config: ResolvedConfig; files: Set<string> }>();
  const rest: string[] = [];
  for (const p of paths) {
    const file = resolve(cwd, p);
    const named = overrides?.has(file) || isFile(file) ? await zeroConfigFor(defaults, lookup, file, overrides?.get(file)) : undefined;
    if (!named?.set) {
      rest.push(p);
      continue;
    }
    const group = bySet.get(named.set) ?? { config: named.config, files: new Set<string>() };
    group.files.add(file);
    bySet.set(named.set, group);
  }
  const units = [...bySet].map(([set, { config, files }]): LintUnit => ({ config, paths: [], report: (f) => files.has(f), read: set.read }));
  return { units, rest };
}

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/** The files of the config's migrations (none when its patterns match nothing). */
async function configuredFiles(config: ResolvedConfig, cwd: string, overrides?: ReadonlyMap<string, string>): Promise<Set<string>> {
  try {
    return new Set(await expandPatterns(cwd, config.migrations.map((p) => resolve(config.dir, p)), overrides ? new Map(overrides) : undefined, migrationExtensions(config.runner)));
  } catch (error) {
    if (error instanceof DiscoveryError) return new Set();
    throw error;
  }
}

/** The line that says which files were left out. */
export function unconfiguredNotice(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
  return `migrationlint: not linted, under no ${CONFIG_FILE}: ${shown}\n`;
}

/**
 * The config file that governs a path: a file (memoized per directory), or a directory or glob
 * given on the command line. Undefined: none, the defaults apply.
 */
function nearestConfig(cwd: string): { ofFile(file: string): string | undefined; ofPath(path: string): string | undefined } {
  const fromCwd = findConfig(cwd);
  const memo = new Map<string, string | undefined>();
  return {
    ofFile(file) {
      const dir = dirname(file);
      if (!memo.has(dir)) memo.set(dir, findConfig(dir) ?? fromCwd);
      return memo.get(dir);
    },
    ofPath: (path) => findConfig(resolve(cwd, path)) ?? fromCwd,
  };
}

/** One report of several units' reports: their sets side by side, the findings in one order. */
export function mergeReports<R extends LintReport>(reports: R[]): LintReport {
  if (reports.length === 1) return reports[0];
  const files = new Map<string, SourceText>();
  for (const r of reports) for (const [file, text] of r.set.files) files.set(file, text);
  return {
    set: {
      migrations: reports.flatMap((r) => r.set.migrations),
      files,
      usesDown: reports.some((r) => r.set.usesDown),
      problems: reports.flatMap((r) => r.set.problems),
      notes: reports.flatMap((r) => r.set.notes ?? []),
    },
    findings: reports.flatMap((r) => r.findings).sort(compareFindings),
    errorCount: reports.reduce((n, r) => n + r.errorCount, 0),
    warningCount: reports.reduce((n, r) => n + r.warningCount, 0),
  };
}
