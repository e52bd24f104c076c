// diesel: `<YYYY-MM-DD-HHMMSS>_<name>/up.sql` + `down.sql` (diesel 2: `…-HHMMSS-0000_<name>`),
// the version being the timestamp without its dashes. One transaction per migration unless the
// directory's `metadata.toml` says `run_in_transaction = false`; the file is then still sent as
// one batch (one implicit transaction for several statements).
import path from 'node:path';
import { versionFromName, type VersionName } from '../discover/versions.js';
import { upDownRole } from './migrationlint.js';
import { settingDirs } from './marker-settings.js';
import { readPaired, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';

const DIR_RE = /^(\d{4}-\d{2}-\d{2}-\d{6}(?:-\d{4})?)_(.*)$/s;
const NO_TX_RE = /^[ \t]*run_in_transaction[ \t]*=[ \t]*false[ \t]*(?:#.*)?$/m;

function dieselVersion(dirName: string): VersionName {
  const m = DIR_RE.exec(dirName);
  if (m?.[1] !== undefined) return { version: m[1].replace(/-/g, ''), name: m[2] ?? '', versioned: true };
  return versionFromName(dirName);
}

const metadataOf = (migrationDir: string, probe: Probe) => probe.read(path.join(migrationDir, 'metadata.toml'));

export const diesel: RunnerModule = {
  name: 'diesel',
  title: 'diesel',
  defaultDirs: ['migrations'],
  // diesel.toml: `[migrations_directory]` `dir = "…"`, relative to the file.
  markers: [{ file: 'diesel.toml', setDirs: (toml, probe) => settingDirs(toml, probe, 'dir', ['migrations']) }],
  separators: 'none: the file is one batch',
  detect(file, probe) {
    const base = path.basename(file.path).toLowerCase();
    if (base !== 'up.sql' && base !== 'down.sql') return undefined;
    const dir = path.dirname(file.path);
    if (probe.exists(path.join(dir, 'metadata.toml'))) return { strength: 'metadata', what: 'metadata.toml beside up.sql' };
    if (probe.exists(path.join(path.dirname(path.dirname(dir)), 'diesel.toml'))) return { strength: 'metadata', what: 'diesel.toml' };
    // Older diesel directories carry no dashes (20140925132254_name): one dashed sibling marks the whole set.
    const setDir = path.dirname(dir);
    const dashed = probe.memo(`diesel:${setDir}`, () => probe.list(setDir).find((n) => DIR_RE.test(n)));
    return dashed ? { strength: 'naming', what: `${dashed}/ (<timestamp>_<name>/up.sql)` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: upDownRole, single: wholeFile('plain'), version: dieselVersion }),
  transaction: {
    model: 'wrapped',
    behaviour: 'diesel runs each migration in a transaction',
    optOut: () => '`run_in_transaction = false` in the migration directory’s metadata.toml',
    sectionModel: ({ file }, probe) => (NO_TX_RE.test(metadataOf(path.dirname(file.path), probe) ?? '') ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
