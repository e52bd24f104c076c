// Lint SQL text in memory, as one migration file, through the real parser and rule engine.
import { resolveConfig } from '../../src/config.js';
import type { ConfigInput } from '../../src/config-schema.js';
import { migrationsFromSources } from '../../src/discover.js';
import { analyseSet, type LintResult } from '../../src/lint.js';
import { loadParser } from '../../src/parse.js';
import type { MigrationSet, SourceText } from '../../src/types.js';
import type { StatsFile } from '../../src/stats/file.js';

export interface LintSqlOptions extends Omit<ConfigInput, 'migrations'> {
  filename?: string;
  /** Other files of the same set, by name (e.g. a down file). */
  others?: Record<string, string>;
  /** The stats file's content, as loadConfig would read it. */
  tableStats?: StatsFile;
}

export async function lintSql(sql: string, opts: LintSqlOptions = {}): Promise<LintResult> {
  await loadParser();
  const { filename = '001_migration.sql', others = {}, tableStats, ...configInput } = opts;
  const config = { ...resolveConfig(configInput, undefined, '/virtual'), ...(tableStats ? { tableStats } : {}) };
  const files = new Map<string, SourceText>();
  for (const [name, text] of [[filename, sql], ...Object.entries(others)]) {
    const path = `/virtual/${name}`;
    files.set(path, { path, relPath: name, text });
  }
  const set: MigrationSet = { migrations: [], files, usesDown: false, problems: [] };
  const { migrations, problems } = migrationsFromSources([...set.files.values()], config.runner, config.assumeInTransaction);
  set.migrations.push(...migrations);
  set.problems.push(...problems);
  set.usesDown = set.migrations.some((m) => m.down !== undefined);
  return analyseSet(set, config);
}
