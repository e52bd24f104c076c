// Knex: `<timestamp>_<name>.js|ts` modules exporting up/down (src/hosts/js/knex.ts), run in file-name
// order, each migration in its own transaction unless it exports `config = { transaction: false }`
// (knexfile `disableTransactions` is code and is not read).
import { extractKnex } from '../hosts/js/knex.js';
import { hostRunner } from '../hosts/runner.js';
import { versionFromName } from '../discover/versions.js';
import { JS_EXTENSIONS, markerEvidence, stemOfFile } from './js-runner.js';

const MARKER = /\bknex\.(?:schema|raw)\b|from\s+['"]knex['"]|import\(\s*["']knex["']\s*\)/;

export const knex = hostRunner({
  name: 'knex',
  title: 'Knex',
  extensions: JS_EXTENSIONS,
  defaultDirs: ['migrations', 'db/migrations', 'src/db/migrations'],
  detect: (file) => markerEvidence(file, MARKER, (m) => `'${m}' in a migration module`),
  extract: (file) => extractKnex(file.text, file.path),
  // knex's FsMigrations sorts the file names; the name is the migration's id in knex_migrations.
  version: (file) => ({ ...versionFromName(stemOfFile(file)), orderKey: stemOfFile(file) }),
  transaction: {
    model: 'wrapped',
    behaviour: 'Knex runs each migration in its own transaction',
    optOut: () => '`exports.config = { transaction: false }` in the migration',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  rawSql: 'knex.raw(`…`)',
  builderFixHelp: 'knex',
});
