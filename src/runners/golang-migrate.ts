// golang-migrate: `{version}_{title}.up.sql` / `.down.sql`, paired by version. The postgres driver
// sends a file as one multi-statement query: one implicit transaction when it holds several
// statements, none for a single one. `x-multi-statement=true` in the database URL (config
// `runnerOptions["golang-migrate"].multiStatement`) splits the file on `;` and runs the
// statements one by one instead, without a transaction.
// Source: github.com/golang-migrate/migrate database/postgres/README.md (x-multi-statement), postgres.go runStatement.
import path from 'node:path';
import { goModule, requiresOnlyMorph } from './go-module.js';
import { readPaired, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';
import { isVersionedUpDown, versionRole } from './version-pairs.js';

export const golangMigrate: RunnerModule = {
  name: 'golang-migrate',
  title: 'golang-migrate',
  defaultDirs: ['migrations', 'db/migrations'],
  separators: 'none by default (the file is one query); with x-multi-statement=true every `;`, even one inside quotes or a `$$` body (multistmt splits on the bytes)',
  detect(file, probe) {
    if (!isVersionedUpDown(file.path)) return undefined;
    // migrationlint's own engine reads the same names: a Go module around the set tells them apart.
    const module = goModule(path.dirname(file.path), probe);
    if (!module || requiresOnlyMorph(module, probe)) return undefined;
    return { strength: 'metadata', what: `${path.basename(file.path)} in the Go module of ${module}` };
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: (f) => versionRole(f), single: wholeFile('plain') }),
  transaction: {
    model: 'implicit',
    behaviour: 'golang-migrate sends the file as one multi-statement query, which runs in one implicit transaction',
    optOut: () => 'a migration file holding that one statement alone (golang-migrate then runs it outside any transaction)',
    noTransaction: {},
    sectionModel: ({ options }) => (options['golang-migrate']?.multiStatement ? 'none' : 'implicit'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
