// A kept set (src/cache/set-snapshot.ts) with some files' texts changed: their migrations are read
// again from those files alone, when that is how their runner reads them (its module's
// `readsFilesAlone`) and the result keeps every migration's identity and place. Otherwise
// undefined: the whole set is discovered again.
import { resolve } from 'node:path';
import { buildMigrations } from '../discover/build.js';
import type { LintReportOptions } from '../lint-run.js';
import { runnerNamed } from '../runners/index.js';
import { createDiskReads } from '../runners/probe.js';
import type { Migration, MigrationSet } from '../types.js';

const readsAlone = (m: Migration) => runnerNamed(m.runner).readsFilesAlone;

const sameIdentity = (a: Migration, b: Migration) =>
  a.id === b.id && a.version === b.version && a.name === b.name && a.layout === b.layout && a.runner === b.runner && a.up.file === b.up.file && a.down?.file === b.down?.file;

/**
 * `set` with the migrations of the `changed` files read again from their new texts (in `set.files`).
 * `listings`: directories' entries known to be current (the snapshot's vouched listings), which the
 * runners' probes take instead of listing the directories again (hundreds of migrations).
 */
export function refreshChanged(set: MigrationSet, changed: ReadonlySet<string>, opts: LintReportOptions, listings?: ReadonlyMap<string, readonly string[]>): MigrationSet | undefined {
  // The changed files and the files they share a migration with (an up file's down file).
  const files = new Set(changed);
  const positions: number[] = [];
  for (let grown = true; grown; ) {
    grown = false;
    positions.length = 0;
    set.migrations.forEach((m, i) => {
      const own = [m.up.file, ...(m.down ? [m.down.file] : [])];
      if (!own.some((f) => files.has(f))) return;
      positions.push(i);
      for (const f of own) {
        if (files.has(f)) continue;
        files.add(f);
        grown = true;
      }
    });
  }
  if (positions.some((i) => !readsAlone(set.migrations[i]))) return undefined;
  if (set.problems.some((p) => files.has(p.file))) return undefined;

  const { config } = opts;
  const patterns = opts.paths && opts.paths.length > 0 ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.migrations.map((p) => resolve(config.dir, p));
  const sources = [...files].map((f) => set.files.get(f)!);
  const built = buildMigrations(sources, config.runner, config.assumeInTransaction, config.runnerOptions, new Set(patterns), undefined, createDiskReads(listings));
  if (built.problems.length > 0 || built.skipped.length > 0 || built.runnerFiles.size > 0) return undefined;
  if (built.migrations.length !== positions.length || built.migrations.some((m, k) => !sameIdentity(m, set.migrations[positions[k]]))) return undefined;
  if (built.migrations.some((m) => !readsAlone(m))) return undefined;

  const migrations = [...set.migrations];
  positions.forEach((i, k) => (migrations[i] = built.migrations[k]));
  return { ...set, migrations, usesDown: migrations.some((m) => m.down !== undefined) };
}
