// What `lint --changed-since REF` starts while git works out which files changed. git answers in
// processes of its own (src/git.ts), which the main thread would otherwise only wait for: the
// parser's WASM starts compiling, and the config found from the working directory is loaded and
// its migration set discovered (from the cache's set snapshot with --cache). The plan takes that
// config when the changed files fall under it, and the lint of its unit takes that set.
// Nothing here reports: a failure waits for whoever asks for the result, after git has answered,
// so a git error still comes first; a result nobody asks for is dropped.
import { findConfig, loadConfig, type ResolvedConfig } from './config.js';
import { loadParser } from './parse.js';
import type { MigrationSet } from './types.js';

export interface Prefetch {
  /** The config file found from the working directory, by path, loading: for the plan. */
  configs: ReadonlyMap<string, Promise<ResolvedConfig>>;
  /** Once: the discovery started for the unit {config, paths: []}, when `config` is the one loaded here. */
  discovered(config: ResolvedConfig): Promise<MigrationSet> | undefined;
}

/** A promise whose rejection is reported only to those who await it (not as an unhandled rejection). */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * `discover`: the discovery the lint of the unit {config, paths: []} runs, or undefined when it
 * must not start early (a set whose discovery runs the project's code, orm.execute, runs it only
 * once git has answered).
 */
export function prefetchWhileGitRuns(cwd: string, discover: (config: ResolvedConfig) => Promise<MigrationSet> | undefined): Prefetch {
  quietly(loadParser());
  const file = findConfig(cwd);
  if (file === undefined) return { configs: new Map(), discovered: () => undefined };
  const loading = quietly(loadConfig({ cwd, configPath: file }));
  let started: { config: ResolvedConfig; set: Promise<MigrationSet> } | undefined;
  // Runs before the plan's own wait for this config ends: the set has started when the plan is made.
  loading.then(
    (config) => {
      try {
        const set = discover(config);
        if (set) started = { config, set: quietly(set) };
      } catch {
        // The lint of the unit discovers again, and reports what went wrong.
      }
    },
    () => undefined,
  );
  return {
    configs: new Map([[file, loading]]),
    discovered(config) {
      const set = started?.config === config ? started.set : undefined;
      started = undefined;
      return set;
    },
  };
}
