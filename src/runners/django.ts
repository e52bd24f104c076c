// Django migrations as `python manage.py sqlmigrate <app> <migration> > <migration>.sql` prints them:
// each operation under a `--` / `-- <description>` / `--` header, the whole inside `BEGIN;` …
// `COMMIT;` for an atomic migration (the default), without them for `atomic = False`. The file's
// own BEGIN/COMMIT are the transaction: Django runs an atomic migration in one, a non-atomic one
// statement by statement. Django sets no timeouts.
// Source: django/db/migrations/migration.py (Migration.apply, collect_sql), django/core/management/commands/sqlmigrate.py.
import { usageError } from '../apply/errors.js';
import type { FileParts } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach } from './read.js';
import type { RunnerModule } from './types.js';

/**
 * What sqlmigrate prints first: `BEGIN;` (an atomic migration), then `--` / `-- Create model Author` /
 * `--`, the header of the first operation (its describe()), group 1. Only at the top of the file:
 * the verbs alone would match comment banners in other runners' files.
 */
const HEAD_RE =
  /^\s*(?:BEGIN;[ \t]*\r?\n)?--[ \t]*\r?\n(--[ \t]+((?:Create|Add|Alter|Remove|Rename|Delete|Concurrently|Raw SQL operation|Custom Python operation|Change Meta options|Change managers|Set order_with_respect_to)\b.*?))[ \t]*\r?\n--[ \t]*(?:\r?\n|$)/;

const split = (file: SourceText): FileParts => ({ parts: [{ layout: 'plain', up: { start: 0, end: file.text.length, wrap: 'none' } }], problems: [] });

export const django: RunnerModule = {
  name: 'django',
  title: 'Django',
  defaultDirs: [],
  separators: 'none: the output of sqlmigrate is a script',
  detect(file) {
    const m = HEAD_RE.exec(file.text);
    if (!m?.[1]) return undefined;
    const start = m[0].indexOf(m[1]);
    return { strength: 'marker', what: `sqlmigrate's '-- ${m[2] ?? ''}' operation header`, span: { start, end: start + m[1].length } };
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, split),
  transaction: {
    model: 'none',
    behaviour: 'Django runs an atomic migration inside the BEGIN; … COMMIT; sqlmigrate prints, and a non-atomic one statement by statement',
    optOut: () => '`atomic = False` on the Migration class (sqlmigrate then prints no BEGIN/COMMIT; regenerate the file)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  newMigration() {
    throw usageError('this set holds Django sqlmigrate output: create the migration with `python manage.py makemigrations`, then write its SQL with `python manage.py sqlmigrate <app> <number> > <number>_<name>.sql`');
  },
};
