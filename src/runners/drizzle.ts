// Drizzle Kit: `drizzle/NNNN_<tag>.sql` run in the order of `meta/_journal.json` (a file the
// journal does not list never runs), or the newer `drizzle/<YYYYMMDDHHMMSS>_<name>/migration.sql`
// beside `snapshot.json`. drizzle-orm's migrator runs ALL pending migrations in ONE transaction,
// each file split at `--> statement-breakpoint`; there is no per-migration opt-out.
import path from 'node:path';
import { problem } from '../discover/part.js';
import { versionFromName } from '../discover/versions.js';
import type { DiscoveryProblem, SourceText } from '../types.js';
import { readJournal, type Journal } from './drizzle-journal.js';
import { readEach, wholeFile } from './read.js';
import type { NewMigrationInput, NewMigrationPlan, Probe, RunnerMigration, RunnerModule, RunnerRead } from './types.js';

const NUMBER_RE = /^(\d+)_/;
const tagOf = (file: string) => path.basename(file).replace(/\.sql$/i, '');
const isDirectoryFormat = (file: string, probe: Probe) => path.basename(file) === 'migration.sql' && probe.exists(path.join(path.dirname(file), 'snapshot.json'));

function readJournalSet(dir: string, files: readonly SourceText[], journal: Journal): RunnerRead {
  const problems: DiscoveryProblem[] = [];
  const migrations: RunnerMigration[] = [];
  if (journal.error) {
    problems.push(problem(journal.path, 'invalid-file', `${journal.error.message}: the files are read in name order`, journal.error.span));
    return readEach(files, wholeFile('plain'));
  }
  const byTag = new Map(files.map((f) => [tagOf(f.path), f]));
  const listed = new Map(journal.entries.map((e) => [e.tag, e]));
  for (const entry of journal.entries) {
    if (!byTag.has(entry.tag)) problems.push(problem(journal.path, 'invalid-file', `journal entry ${entry.idx} names ${entry.tag}.sql, which is not in ${path.basename(dir)}/: drizzle-kit migrate fails on it`, entry.span));
  }
  const byNumber = new Map<string, SourceText>();
  // Listed files first: of two files with one number, the one the journal does not list is reported.
  const ordered = [...files].sort((a, b) => Number(listed.has(tagOf(b.path))) - Number(listed.has(tagOf(a.path))));
  for (const file of ordered) {
    const number = NUMBER_RE.exec(path.basename(file.path))?.[1];
    const same = number !== undefined ? byNumber.get(BigInt(number).toString()) : undefined;
    if (number !== undefined && same) problems.push(problem(file.path, 'invalid-file', `${path.basename(file.path)} has the number ${number} of ${path.basename(same.path)}: two migrations with one number`));
    else if (number !== undefined) byNumber.set(BigInt(number).toString(), file);
    const entry = listed.get(tagOf(file.path));
    if (!entry) {
      problems.push(problem(file.path, 'invalid-file', `${path.basename(file.path)} is not listed in meta/_journal.json: drizzle-kit migrate never runs it, so it is not linted as a migration`));
      continue;
    }
    const vn = versionFromName(tagOf(file.path));
    // drizzle-orm runs the journal's entries in their order, whatever the numbers in the file names.
    migrations.push({ layout: 'plain', file, up: { start: 0, end: file.text.length }, version: vn.version, name: vn.name, versioned: vn.versioned, rank: entry.idx, orderKey: String(entry.idx).padStart(10, '0') });
  }
  return { migrations, problems };
}

export const drizzle: RunnerModule = {
  name: 'drizzle',
  title: 'Drizzle Kit',
  defaultDirs: ['drizzle', 'migrations', 'src/db/migrations'],
  markers: [{ file: 'meta/_journal.json', setDirs: (journal) => [path.dirname(path.dirname(journal))] }],
  separators: '`--> statement-breakpoint`',
  detect(file, probe) {
    if (readJournal(path.dirname(file.path), probe)) return { strength: 'metadata', what: 'meta/_journal.json' };
    if (isDirectoryFormat(file.path, probe)) return { strength: 'metadata', what: 'snapshot.json beside <timestamp>_<name>/migration.sql' };
    return undefined;
  },
  readsFilesAlone: false, // meta/_journal.json, a file of the set, orders and names them
  read(files, probe) {
    const out: RunnerRead = { migrations: [], problems: [] };
    const byDir = new Map<string, SourceText[]>();
    for (const f of files) byDir.set(path.dirname(f.path), [...(byDir.get(path.dirname(f.path)) ?? []), f]);
    for (const [dir, group] of byDir) {
      const journal = readJournal(dir, probe);
      const read = journal
        ? readJournalSet(dir, group, journal)
        : readEach(group, wholeFile('migration-dir'), (f) => versionFromName(path.basename(path.dirname(f.path))));
      out.migrations.push(...read.migrations);
      out.problems.push(...read.problems);
    }
    return out;
  },
  transaction: {
    model: 'whole-run',
    behaviour: 'Drizzle Kit runs all pending migrations in one transaction',
    // `COMMIT;--> statement-breakpoint` is no opt-out: it ends the run's transaction for everything after it.
    withoutOptOut:
      'run it outside Drizzle Kit (a script after its migrate()); a `COMMIT;--> statement-breakpoint` before it is no opt-out: it commits every earlier pending migration there and leaves everything after it, in this file and in later pending ones, in autocommit (so all of it must be idempotent)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  newMigration(input: NewMigrationInput): NewMigrationPlan | undefined {
    const last = input.migrations[input.migrations.length - 1];
    const dir = last ? path.dirname(last.up.file) : undefined;
    const journal = dir ? readJournal(dir, input.probe) : undefined;
    if (!dir || !journal || journal.error) return undefined;
    const idx = journal.entries.reduce((max, e) => Math.max(max, e.idx), -1) + 1;
    const tag = `${String(idx).padStart(4, '0')}_${input.slug}`;
    const entries = (JSON.parse(journal.text) as { entries: unknown[] }).entries;
    const updated = { ...(JSON.parse(journal.text) as object), entries: [...entries, { idx, version: journal.version, when: input.now.getTime(), tag, breakpoints: true }] };
    return {
      version: String(idx).padStart(4, '0'),
      layout: 'plain',
      create: [{ file: path.join(dir, `${tag}.sql`), text: '-- Write the forward migration here; separate statements with --> statement-breakpoint\n' }],
      update: [{ file: journal.path, text: `${JSON.stringify(updated, null, 2)}\n` }],
    };
  },
};
