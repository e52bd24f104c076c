// alembic: revision files (.py, read statically: src/runners/alembic-py.ts) and the offline output
// (`alembic upgrade --sql`, .sql): one migration per `-- Running upgrade A -> B` marker, the file's own
// BEGIN/COMMIT deciding the transactions (see alembic-split.ts).
import path from 'node:path';
import { matchLines } from '../discover/lines.js';
import type { FileParts } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { detectRevision, readRevisions, revisionWrap } from './alembic-py.js';
import { ALEMBIC_RE, splitAlembic } from './alembic-split.js';
import { settingDirs } from './marker-settings.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

const marks = (text: string) => (text.includes('Running upgrade') ? matchLines(text, ALEMBIC_RE) : []);

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  return found.length > 0 ? splitAlembic(file.text, found) : wholeFile('plain')(file);
}

/**
 * The versions/ directory of a `script_location`: a path (`%(here)s` is the ini's directory) or a
 * package resource (`dispatch:database/revisions/core`), the package being the ini's directory,
 * one above it, or one beside it.
 */
function versionsDir(location: string, iniDir: string): string {
  const resource = /^([A-Za-z_][\w.]+):(.+)$/.exec(location);
  if (!resource) return path.join(location.replace('%(here)s', iniDir), 'versions');
  const [top = '', ...subpackages] = resource[1]!.split('.');
  let pkg = iniDir;
  while (path.basename(pkg) !== top && path.dirname(pkg) !== pkg) pkg = path.dirname(pkg);
  if (path.basename(pkg) !== top) pkg = path.join(iniDir, top);
  return path.join(pkg, ...subpackages, resource[2]!.replace(/:/g, '/'), 'versions');
}

const isPython = (file: SourceText) => file.path.endsWith('.py');

export const alembic: RunnerModule = {
  name: 'alembic',
  title: 'alembic',
  extensions: ['.py', '.sql'],
  defaultDirs: [],
  markers: [{ file: 'alembic.ini', setDirs: (ini, probe) => settingDirs(ini, probe, 'script_location', [], versionsDir) }],
  separators: 'none: each op.* call is sent as its own statement(s); the offline output is a psql script',
  detect(file) {
    if (isPython(file)) return detectRevision(file);
    const [mark] = marks(file.text);
    return mark ? { strength: 'marker', what: "'-- Running upgrade' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: false, // a revision's place comes from the down_revision of the others
  read(files, probe) {
    const offline = readEach(files.filter((f) => !isPython(f)), split);
    const revisions = readRevisions(files.filter(isPython), probe.executed);
    return { migrations: [...offline.migrations, ...revisions.migrations], problems: [...offline.problems, ...revisions.problems] };
  },
  transaction: {
    model: 'wrapped',
    behaviour: 'alembic wraps the migration in BEGIN/COMMIT',
    optOut: () => 'an `op.get_context().autocommit_block()` in the revision',
    // A revision without an autocommit_block runs as env.py configures: transaction_per_migration=True
    // wraps each revision, the default runs all pending revisions in one transaction.
    sectionModel: ({ file }, probe) => (isPython(file) ? revisionWrap(file, probe) : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
