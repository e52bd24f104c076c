// Flyway: `V<version>__<desc>.sql` (version `1`, `1.2`, `1_2`), `U<version>__` undo, `R__<desc>.sql`
// repeatables (run after the versioned ones, by description). One transaction per migration;
// a migration holding a statement that cannot run in one runs without it, statement by statement,
// as does one whose `<script>.sql.conf` says `executeInTransaction=false`.
import path from 'node:path';
import { stemOf, type VersionName } from '../discover/versions.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';

const VERSIONED_RE = /^[Vv](\d+(?:[._]\d+)*)__(.*)$/s;
const REPEATABLE_RE = /^R__(.*)$/s;
const NAME_RE = /^(?:[VvU]\d+(?:[._]\d+)*|R)__.+\.sql$/;
const NO_TX_RE = /^[ \t]*executeInTransaction[ \t]*=[ \t]*false[ \t]*$/m;

function flywayVersion(file: SourceText): VersionName {
  const stem = stemOf(path.basename(file.path));
  const versioned = VERSIONED_RE.exec(stem);
  if (versioned?.[1] !== undefined) return { version: versioned[1].replace(/_/g, '.'), name: versioned[2] ?? '', versioned: true };
  // Repeatables run after every versioned migration, ordered by description.
  const repeatable = REPEATABLE_RE.exec(stem);
  if (repeatable?.[1] !== undefined) return { version: `~R__${repeatable[1]}`, name: repeatable[1], versioned: true };
  return { version: stem, name: stem, versioned: false };
}

/** Flyway's own signs beside a V__/R__ file: a repeatable, a script config, flyway.conf/toml, or the default `db/migration` location. */
function flywayDirectory(dir: string, probe: Probe): string | undefined {
  return probe.memo(`flyway:${dir}`, () => {
    const names = probe.list(dir);
    const sign = names.find((n) => /^R__.+\.sql$/.test(n) || n.endsWith('.sql.conf') || n === 'flyway.conf' || n === 'flyway.toml');
    if (sign) return sign;
    return path.basename(dir) === 'migration' && path.basename(path.dirname(dir)) === 'db' ? 'the db/migration location' : undefined;
  });
}

export const flyway: RunnerModule = {
  name: 'flyway',
  title: 'Flyway',
  defaultDirs: ['src/main/resources/db/migration', 'db/migration', 'sql'],
  separators: "Flyway's own splitter (`;`, BEGIN … END aware)",
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    const sign = flywayDirectory(path.dirname(file.path), probe);
    return sign ? { strength: 'metadata', what: `V<version>__<desc>.sql beside ${sign}` } : undefined;
  },
  read: (files) => readEach(files, wholeFile('plain'), flywayVersion),
  transaction: {
    model: 'auto',
    behaviour: 'Flyway runs each migration in a transaction unless a statement cannot run in one',
    optOut: () => '`executeInTransaction=false` in the script’s `.sql.conf` file',
    sectionModel: ({ file }, probe) => (NO_TX_RE.test(probe.read(`${file.path}.conf`) ?? '') ? 'none' : 'auto'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
