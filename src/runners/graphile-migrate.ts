// graphile-migrate: `migrations/committed/NNNNNN[-slug].sql`, then the working migration
// `migrations/current.sql` or `migrations/current/*.sql` (run as the newest). Roll-forward only.
// `--! Previous:` / `--! Hash:` / `--! Message:` headers are comments. One transaction per file
// unless its first line is `--! no-transaction`; such a file must hold exactly one statement.
// `.gmrc` placeholders (`:DATABASE_OWNER` …) are replaced before a file runs
// (preprocess/gmrc-placeholders.ts). The SQL files `.gmrc` `afterReset` names run first, on
// reset, each as one query without a transaction of graphile-migrate's (gmrc.ts).
import path from 'node:path';
import { problem, type FileParts } from '../discover/part.js';
import { splitStatements } from '../split.js';
import { isBlankSql } from '../discover/lines.js';
import type { SourceText } from '../types.js';
import { afterResetFiles } from './gmrc.js';
import { settingDirs } from './marker-settings.js';
import { gmrcPlaceholders } from './preprocess/gmrc-placeholders.js';
import { colonPlaceholders } from './preprocess/placeholders.js';
import { preprocessed } from './preprocess/section.js';
import { readEach } from './read.js';
import type { Probe, RunnerModule } from './types.js';

// graphile-migrate src/migrationFilename.ts
const COMMITTED_RE = /^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$/;
const NO_TX_RE = /^--![ \t]*no-transaction[ \t]*(?:\r?\n|$)/;
/** Sorts after every committed number (a digit run sorts before a letter run). */
const CURRENT_VERSION = 'current';
/** Sorts before every committed number: `afterReset` runs before the migrations. */
const AFTER_RESET_VERSION = '0';

type Role = 'committed' | 'current' | 'after-reset';

function roleOf(file: string, probe: Probe): Role | undefined {
  const dir = path.dirname(file);
  const base = path.basename(file);
  if (path.basename(dir) === 'committed' && COMMITTED_RE.test(base)) return 'committed';
  if (probe.list(dir).includes('committed') && afterResetFiles(dir, probe).includes(base)) return 'after-reset';
  const root = base === 'current.sql' ? dir : path.basename(dir) === 'current' && base.endsWith('.sql') ? path.dirname(dir) : undefined;
  return root !== undefined && probe.list(root).includes('committed') ? 'current' : undefined;
}

const statementCount = (text: string) => splitStatements(text).filter((p) => !isBlankSql(p.text)).length;

function split(file: SourceText): FileParts {
  const parts: FileParts = { parts: [{ layout: 'plain', up: { start: 0, end: file.text.length } }], problems: [] };
  if (NO_TX_RE.test(file.text)) {
    const count = statementCount(file.text);
    if (count > 1) {
      const end = file.text.indexOf('\n');
      parts.problems.push(problem(file.path, 'invalid-file', `\`--! no-transaction\` file holds ${count} statements: graphile-migrate runs such a file as one query and requires exactly one statement`, { start: 0, end: end < 0 ? file.text.length : end }));
    }
  }
  return parts;
}

export const graphileMigrate: RunnerModule = {
  name: 'graphile-migrate',
  title: 'graphile-migrate',
  defaultDirs: ['migrations'],
  markers: [{ file: '.gmrc', setDirs: (gmrc, probe) => settingDirs(gmrc, probe, 'migrationsFolder', ['migrations']) }],
  separators: 'none: the file is one query',
  detect(file, probe) {
    const role = roleOf(file.path, probe);
    if (!role) return undefined;
    if (role === 'after-reset') return { strength: 'metadata', what: '.gmrc afterReset' };
    if (file.text.startsWith('--! Previous:')) return { strength: 'metadata', what: "'--! Previous:' header", span: { start: 0, end: file.text.indexOf('\n') } };
    const root = role === 'committed' ? path.dirname(path.dirname(file.path)) : path.dirname(file.path);
    const gmrc = [root, path.dirname(root)].find((dir) => probe.exists(path.join(dir, '.gmrc')) || probe.exists(path.join(dir, '.gmrc.js')));
    return gmrc !== undefined ? { strength: 'metadata', what: '.gmrc' } : { strength: 'naming', what: 'committed/NNNNNN.sql' };
  },
  readsFilesAlone: true,
  read(files, probe) {
    const ours = files.filter((f) => roleOf(f.path, probe) !== undefined);
    return readEach(ours, split, (file) => {
      const base = path.basename(file.path);
      const role = roleOf(file.path, probe);
      const committed = role === 'committed' ? COMMITTED_RE.exec(base) : null;
      if (committed?.[1] !== undefined) return { version: committed[1], name: (committed[2] ?? '').replace(/^-/, ''), versioned: true };
      if (role === 'after-reset') return { version: AFTER_RESET_VERSION, name: base.replace(/\.sql$/, ''), versioned: true };
      return { version: CURRENT_VERSION, name: base.replace(/\.sql$/, ''), versioned: true };
    });
  },
  transaction: {
    model: 'wrapped',
    behaviour: 'graphile-migrate runs each migration in a transaction',
    optOut: () => '`--! no-transaction` on the first line (then exactly one statement)',
    noTransaction: { line: '--! no-transaction' },
    // Without its transaction graphile-migrate still sends the file as one query.
    sectionModel: ({ file }, probe) => (NO_TX_RE.test(file.text) || roleOf(file.path, probe) === 'after-reset' ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  preprocess: ({ file, text, offset }, probe) => preprocessed(text, offset, text.includes(':') ? colonPlaceholders(text, gmrcPlaceholders(migrationsRoot(file.path), probe)) : []),
  newMigration({ migrations, probe }) {
    const last = migrations.at(-1);
    const root = last ? migrationsRoot(last.up.file) : 'migrations';
    const currentDir = path.join(root, 'current');
    const file = probe.list(currentDir).length > 0 ? path.join(currentDir, '1-current.sql') : path.join(root, 'current.sql');
    return { version: CURRENT_VERSION, layout: 'plain', create: [{ file, text: '-- Enter migration here\n' }] };
  },
};

function migrationsRoot(file: string): string {
  const dir = path.dirname(file);
  return path.basename(dir) === 'committed' || path.basename(dir) === 'current' ? path.dirname(dir) : dir;
}
