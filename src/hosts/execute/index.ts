// `orm.execute`: before discovery builds the migrations, the ORM files of each set are run through
// their ORM's executor (./types.ts), and what it recorded replaces the static translation of the
// builder calls (./merge.ts). Only the CLI asks for this (config `orm.execute` or --orm-execute):
// running a migration's code runs the repository's code, so the language server never does.
import path from 'node:path';
import type { DiscoveryProblem, RunnerName, SourceText } from '../../types.js';
import { detectRunner } from '../../runners/detect.js';
import { isHostFile } from '../../runners/extensions.js';
import { runnerNamed } from '../../runners/index.js';
import { createProbe } from '../../runners/probe.js';
import type { ExecutedMigration, Executor } from './types.js';

const recording = (runner: string, pkg: string | undefined) => async () => (await import('./child-executor.js')).childExecutor(runner, pkg);

/** One executor per runner module name, loaded only when a set of that runner is executed. */
const EXECUTORS: Readonly<Record<string, () => Promise<Executor>>> = {
  alembic: async () => (await import('./alembic.js')).alembicExecutor,
  typeorm: recording('typeorm', 'typeorm'),
  knex: recording('knex', 'knex'),
  kysely: recording('kysely', 'kysely'),
  sequelize: recording('sequelize', 'sequelize'),
  'node-pg-migrate': recording('node-pg-migrate', 'node-pg-migrate'),
  // @mikro-orm/migrations when the project has it, else a stand-in Migration class (record/mikro-orm.ts)
  'mikro-orm': recording('mikro-orm', undefined),
};

export interface OrmExecuteOptions {
  /** Milliseconds one set (one runner's files in one directory) may run, in total. */
  timeoutMs: number;
  /** Where the ORM is resolved from (config `orm.modulesDir`); default: the set's directory, as the migration's own `require` would. */
  modulesDir?: string;
}

export interface Executed {
  /** What each executed file's migration sent, by absolute path. */
  byFile: Map<string, ExecutedMigration>;
  /** Why a set kept its static translation (not installed, no executor), one line per set. */
  notes: string[];
  /** Files the executor failed on (they keep their static translation). */
  problems: DiscoveryProblem[];
}

/** The ORM files of the set, grouped by runner and directory (a set each). */
function hostSets(files: readonly SourceText[], runnerName: RunnerName): Map<string, { runner: string; dir: string; files: SourceText[] }> {
  const probe = createProbe(files);
  const sets = new Map<string, { runner: string; dir: string; files: SourceText[] }>();
  for (const file of files) {
    if (!isHostFile(file.path)) continue;
    const runner = runnerName === 'auto' ? detectRunner(file, probe)?.runner.name : runnerNamed(runnerName).name;
    if (!runner) continue;
    const dir = path.dirname(file.path);
    const key = `${runner}\0${dir}`;
    const set = sets.get(key) ?? { runner, dir, files: [] };
    set.files.push(file);
    sets.set(key, set);
  }
  return sets;
}

export async function executeHostFiles(files: readonly SourceText[], runnerName: RunnerName, opts: OrmExecuteOptions): Promise<Executed> {
  const out: Executed = { byFile: new Map(), notes: [], problems: [] };
  for (const set of hostSets(files, runnerName).values()) {
    const load = EXECUTORS[set.runner];
    const shownDir = path.dirname(set.files[0]!.relPath);
    if (!load) {
      out.notes.push(`orm.execute: ${set.runner} migrations cannot be executed (no recording driver for ${set.runner}) in ${shownDir}; static translation used`);
      continue;
    }
    const executor = await load();
    const projectDir = opts.modulesDir ?? set.dir;
    const why = await executor.unavailable(projectDir);
    if (why) {
      out.notes.push(`orm.execute: ${why}; static translation used`);
      continue;
    }
    const ran = await executor.execute(set.files, { projectDir, timeoutMs: opts.timeoutMs });
    for (const [file, migration] of ran) {
      out.byFile.set(file, migration);
      out.problems.push(...migration.problems);
    }
  }
  return out;
}
