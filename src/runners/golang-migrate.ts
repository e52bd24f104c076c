// golang-migrate: `{version}_{title}.up.sql` / `.down.sql`, paired by version. The postgres driver
// sends a file as one multi-statement query: one implicit transaction when it holds several
// statements, none for a single one (`x-multi-statement=true` in the URL splits it instead).
import path from 'node:path';
import { readPaired, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';
import { isVersionedUpDown, versionRole } from './version-pairs.js';

/** The nearest go.mod at or above the directory. */
function goModule(dir: string, probe: Probe): string | undefined {
  return probe.memo(`go.mod:${dir}`, () => {
    const here = path.join(dir, 'go.mod');
    if (probe.exists(here)) return here;
    const parent = path.dirname(dir);
    return parent === dir ? undefined : goModule(parent, probe);
  });
}

export const golangMigrate: RunnerModule = {
  name: 'golang-migrate',
  title: 'golang-migrate',
  defaultDirs: ['migrations', 'db/migrations'],
  separators: 'none by default (the file is one query); `;` with x-multi-statement=true',
  detect(file, probe) {
    if (!isVersionedUpDown(file.path)) return undefined;
    // migrationlint's own engine reads the same names: a Go module around the set tells them apart.
    const module = goModule(path.dirname(file.path), probe);
    return module ? { strength: 'metadata', what: `${path.basename(file.path)} in the Go module of ${module}` } : undefined;
  },
  read: (files) => readPaired(files, { role: (f) => versionRole(f), single: wholeFile('plain') }),
  transaction: {
    model: 'implicit',
    behaviour: 'golang-migrate sends the file as one multi-statement query, which runs in one implicit transaction',
    optOut: () => 'a migration file holding that one statement alone (golang-migrate then runs it outside any transaction)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
