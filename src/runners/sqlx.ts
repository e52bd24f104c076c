// sqlx (launchbadge/sqlx): `<VERSION>_<DESC>.sql`, or `.up.sql` / `.down.sql` paired by version,
// in a Rust crate. One transaction per migration unless its first line is `-- no-transaction`;
// then the file is still one query (one implicit transaction for several statements).
import path from 'node:path';
import { readPaired, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';
import { versionRole } from './version-pairs.js';

const NAME_RE = /^\d+_.*\.sql$/i;

/** A Rust crate owns the directory: `Cargo.toml` beside it, or Rust sources in `../src`. */
function inRustCrate(dir: string, probe: Probe): boolean {
  return probe.memo(`sqlx:${dir}`, () => {
    const crate = path.dirname(dir);
    return probe.exists(path.join(crate, 'Cargo.toml')) || probe.list(path.join(crate, 'src')).some((n) => n.endsWith('.rs'));
  });
}

export const sqlx: RunnerModule = {
  name: 'sqlx',
  title: 'sqlx',
  defaultDirs: ['migrations'],
  separators: 'none: the file is one query',
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path)) || !inRustCrate(path.dirname(file.path), probe)) return undefined;
    return { strength: 'metadata', what: 'a Rust crate (Cargo.toml or src/*.rs) beside <VERSION>_<DESC>.sql files' };
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: (f) => versionRole(f), single: wholeFile('plain') }),
  transaction: {
    model: 'wrapped',
    behaviour: 'sqlx runs each migration in a transaction',
    optOut: () => '`-- no-transaction` on the first line',
    noTransaction: { line: '-- no-transaction' },
    sectionModel: ({ file }) => (file.text.startsWith('-- no-transaction') ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
