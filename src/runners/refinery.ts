// refinery (rust-db/refinery): `V<version>__<name>.sql` versioned and `U<version>__<name>.sql`
// unversioned migrations in a Rust crate, applied in version order, each in its own transaction.
// There is no in-file opt-out (rust-db/refinery#277).
import path from 'node:path';
import type { VersionName } from '../discover/versions.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';

// refinery_core/src/util.rs
const NAME_RE = /^[UV](\d+(?:\.\d+)?)__(\w+)\.sql$/;

function refineryVersion(file: SourceText): VersionName {
  const base = path.basename(file.path);
  const m = NAME_RE.exec(base);
  if (m?.[1] !== undefined) return { version: m[1], name: m[2] ?? '', versioned: true };
  const stem = base.replace(/\.sql$/i, '');
  return { version: stem, name: stem, versioned: false };
}

/** The crate around the directory: `Cargo.toml` beside or above it. */
function cargoManifest(dir: string, probe: Probe): string | undefined {
  return probe.memo(`refinery:${dir}`, () => {
    const here = path.join(dir, 'Cargo.toml');
    if (probe.exists(here)) return here;
    const parent = path.dirname(dir);
    return parent === dir ? undefined : cargoManifest(parent, probe);
  });
}

export const refinery: RunnerModule = {
  name: 'refinery',
  title: 'refinery',
  defaultDirs: ['migrations', 'src/migrations'],
  separators: 'none: the file is one batch',
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    const manifest = cargoManifest(path.dirname(file.path), probe);
    return manifest ? { strength: 'metadata', what: `V<version>__<name>.sql in the Rust crate of ${manifest}` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, wholeFile('plain'), refineryVersion),
  transaction: {
    model: 'wrapped',
    behaviour: 'refinery runs each migration in a transaction and has no per-migration opt-out',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
