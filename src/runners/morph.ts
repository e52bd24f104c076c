// mattermost/morph: golang-migrate's names (`<version>_<name>.up.sql` / `.down.sql`, paired by
// version; models/parse.go). The postgres driver opens a transaction and sends the whole file as one
// Exec in it; a file starting with `-- morph:nontransactional` is sent as one Exec without it, which
// PostgreSQL runs as one implicit transaction when the file holds several statements (Mattermost's
// guide: CONCURRENTLY must then be the only statement). Every Exec runs under the driver's context
// timeout (x-statement-timeout), which cancels a statement that runs longer, lock waits included.
// Sources: github.com/mattermost/morph drivers/postgres/postgres.go (Apply, executeQuery, configParams);
// developers.mattermost.com/contribute/more-info/server/schema-migration-guide/.
import path from 'node:path';
import { goModule, requiresOnlyMorph } from './go-module.js';
import { readPaired, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';
import { isVersionedUpDown, versionRole } from './version-pairs.js';

const NONTRANSACTIONAL_RE = /^--[ \t]*morph:nontransactional[ \t]*\r?(?:\n|$)/;

/** The directive counts on the file's first line only: that is where morph and Mattermost's guide put it. */
function nontransactional(text: string): { start: number; end: number } | undefined {
  const m = NONTRANSACTIONAL_RE.exec(text);
  return m ? { start: 0, end: m[0].trimEnd().length } : undefined;
}

export const morph: RunnerModule = {
  name: 'morph',
  title: 'morph',
  defaultDirs: ['migrations', 'db/migrations'],
  separators: 'none: the file is one query',
  detect(file, probe) {
    if (!isVersionedUpDown(file.path)) return undefined;
    const span = nontransactional(file.text);
    if (span) return { strength: 'marker', what: "'-- morph:nontransactional' directive", span };
    const module = goModule(path.dirname(file.path), probe);
    return module && requiresOnlyMorph(module, probe) ? { strength: 'metadata', what: `${module} requires github.com/mattermost/morph` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: (f) => versionRole(f), single: wholeFile('plain') }),
  transaction: {
    model: 'wrapped',
    behaviour: 'morph runs each migration file in a transaction',
    optOut: () => '`-- morph:nontransactional` on the first line of the file, with the statement alone in it',
    // Without its transaction morph still sends the file as one Exec: one implicit transaction for several statements.
    sectionModel: ({ file }) => (nontransactional(file.text) ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: true },
};
