// Prisma Migrate: `prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql` beside
// `migration_lock.toml`, ordered by directory name; the whole directory is ONE set. Each file goes
// to the server as one script (simple query): one implicit transaction when it holds several
// statements, none for a lone statement. Prisma sets no timeouts.
import path from 'node:path';
import { versionFromName } from '../discover/versions.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';

const LOCK_FILE = 'migration_lock.toml';

/** The migrations directory when the file is `<dir>/<name>/migration.sql` and `<dir>/migration_lock.toml` exists. */
function prismaDirectory(file: string, probe: Probe): string | undefined {
  if (path.basename(file) !== 'migration.sql') return undefined;
  const dir = path.dirname(path.dirname(file));
  return probe.exists(path.join(dir, LOCK_FILE)) ? dir : undefined;
}

const directoryVersion = (file: SourceText) => versionFromName(path.basename(path.dirname(file.path)));

export const prisma: RunnerModule = {
  name: 'prisma',
  title: 'Prisma Migrate',
  defaultDirs: ['prisma/migrations'],
  markers: [{ file: LOCK_FILE }],
  separators: 'none: the file is one script',
  detect(file, probe) {
    return prismaDirectory(file.path, probe) ? { strength: 'metadata', what: `${LOCK_FILE} beside <timestamp>_<name>/migration.sql` } : undefined;
  },
  // Prisma applies in directory-name order, code unit by code unit (20250625_x sorts after 20250624…).
  readsFilesAlone: true,
  read(files) {
    const read = readEach(files, wholeFile('migration-dir'), directoryVersion);
    for (const m of read.migrations) m.orderKey = path.basename(path.dirname(m.file.path));
    return read;
  },
  transaction: {
    model: 'implicit',
    behaviour: 'Prisma Migrate sends each migration.sql as one script, which runs in one implicit transaction when it holds several statements',
    optOut: () => 'a migration directory whose migration.sql holds that one statement alone (Prisma then runs it outside any transaction)',
    noTransaction: {},
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
