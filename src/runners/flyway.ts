// Flyway: `V<version>__<desc>.sql` (version `1`, `1.2`, `1_2`, `2026.01.15`, ordered numerically
// per component), `U<version>__` undo (the down of V<version>), `R__<desc>.sql` repeatables (run
// after the versioned ones, by description). One transaction per migration;
// a migration holding a statement that cannot run in one runs without it, statement by statement,
// as does one whose `<script>.sql.conf` says `executeInTransaction=false`. `${name}` placeholders
// are replaced before a migration runs (preprocess/flyway-placeholders.ts).
import path from 'node:path';
import { compareVersions, type VersionName } from '../discover/versions.js';
import type { SourceText } from '../types.js';
import { settingDirs } from './marker-settings.js';
import { flywayPlaceholders } from './preprocess/flyway-placeholders.js';
import { affixPlaceholders } from './preprocess/placeholders.js';
import { preprocessed } from './preprocess/section.js';
import { readPaired, wholeFile, type PairRole } from './read.js';
import type { NewMigrationInput, NewMigrationPlan, Probe, RunnerModule } from './types.js';

const VERSIONED_RE = /^[Vv](\d+(?:[._]\d+)*)__(.*)$/s;
const REPEATABLE_RE = /^R__(.*)$/s;
const PAIRED_RE = /^([VvU])(\d+(?:[._]\d+)*)__(.*)\.sql$/s;
const NAME_RE = /^(?:[VvU]\d+(?:[._]\d+)*|R)__.+\.sql$/;
const NO_TX_RE = /^[ \t]*executeInTransaction[ \t]*=[ \t]*false[ \t]*$/m;

function flywayVersion(stem: string): VersionName {
  const versioned = VERSIONED_RE.exec(stem);
  if (versioned?.[1] !== undefined) return { version: versioned[1].replace(/_/g, '.'), name: versioned[2] ?? '', versioned: true };
  const repeatable = REPEATABLE_RE.exec(stem);
  // A letter run sorts after every digit run: `R__<desc>` comes after the versioned ones, by description.
  if (repeatable?.[1] !== undefined) return { version: `R__${repeatable[1]}`, name: '', versioned: true };
  return { version: stem, name: stem, versioned: false };
}

/** V<version> is the up and U<version> the down of one migration, whatever their descriptions; R__ stands alone. */
function flywayRole(file: SourceText): PairRole | undefined {
  const base = path.basename(file.path);
  const repeatable = /^(R__.+)\.sql$/s.exec(base)?.[1];
  if (repeatable !== undefined) return { key: `${path.dirname(file.path)}:${repeatable}`, dir: 'up', layout: 'plain', label: repeatable, display: repeatable };
  const m = PAIRED_RE.exec(base);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const version = m[2].replace(/_/g, '.');
  // Flyway compares versions part by part as numbers: 1.01, 1.1 and 1.1.0 are one version.
  const canonical = version.split('.').map((part) => part.replace(/^0+(?=\d)/, '')).join('.').replace(/(?:\.0)+$/, '');
  const up = m[1] !== 'U';
  return { key: `${path.dirname(file.path)}:${canonical}`, dir: up ? 'up' : 'down', layout: 'plain', label: `V${m[2]}__${m[3] ?? ''}`, display: `version ${version}` };
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

/** A `locations` entry as a directory: `filesystem:sql` is a path, `classpath:db/migration` (the default prefix) is under src/main/resources. */
function locationDir(location: string): string | undefined {
  const [, scheme, where] = /^(?:(\w+):)?(.*)$/.exec(location) ?? [];
  if (scheme === 'filesystem') return where;
  return scheme === undefined || scheme === 'classpath' ? path.join('src/main/resources', where ?? '') : undefined;
}

export const flyway: RunnerModule = {
  name: 'flyway',
  title: 'Flyway',
  defaultDirs: ['src/main/resources/db/migration', 'db/migration', 'sql'],
  // Flyway's CLI reads `filesystem:sql` beside its config when no location is set.
  markers: [
    { file: 'flyway.conf', setDirs: (conf, probe) => settingDirs(conf, probe, 'flyway.locations', ['sql'], locationDir) },
    { file: 'flyway.toml', setDirs: (toml, probe) => settingDirs(toml, probe, 'locations', ['sql', 'migrations'], locationDir) },
  ],
  separators: "Flyway's own splitter (`;`, BEGIN … END aware)",
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    const sign = flywayDirectory(path.dirname(file.path), probe);
    return sign ? { strength: 'metadata', what: `V<version>__<desc>.sql beside ${sign}` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: flywayRole, single: wholeFile('plain'), version: flywayVersion }),
  transaction: {
    model: 'auto',
    behaviour: 'Flyway runs each migration in a transaction, or without one when its statements cannot run in one (mixing both fails unless `mixed=true`)',
    optOut: () => '`executeInTransaction=false` in the script’s `.sql.conf` file',
    sectionModel: ({ file }, probe) => (NO_TX_RE.test(probe.read(`${file.path}.conf`) ?? '') ? 'none' : 'auto'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  preprocess({ file, text, offset }, probe) {
    const settings = flywayPlaceholders(path.dirname(file.path), probe);
    const used = settings.replace && text.includes(settings.prefix);
    return preprocessed(text, offset, used ? affixPlaceholders(text, settings.prefix, settings.suffix, settings.values) : []);
  },
  newMigration: nextVersioned,
};

/** The next `V` after the highest version: its first part plus one, or today's date where versions are dates (`2026.01.15`). */
function nextVersioned({ migrations, slug, now }: NewMigrationInput): NewMigrationPlan {
  const versioned = migrations.filter((m) => /^\d/.test(m.version));
  const last = versioned.at(-1);
  const parts = (last?.version ?? '0').split('.');
  const first = Number(parts[0] ?? 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  const today = `${now.getUTCFullYear()}.${pad(now.getUTCMonth() + 1)}.${pad(now.getUTCDate())}`;
  const dated = parts.length === 3 && first >= 1970;
  const version = dated ? (compareVersions(today, last?.version ?? '') > 0 ? today : `${last?.version ?? today}.1`) : String(first + 1);
  const dir = last ? path.dirname(last.up.file) : (migrations[0] ? path.dirname(migrations[0].up.file) : 'db/migration');
  return { version, layout: 'plain', create: [{ file: path.join(dir, `V${version}__${slug}.sql`), text: '-- Write the migration here\n' }] };
}
