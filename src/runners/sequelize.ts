// Sequelize (sequelize-cli / umzug): `<timestamp>-<name>.js|ts` modules exporting up/down
// (src/hosts/js/sequelize.ts), run in file-name order with no transaction: each query autocommits
// unless the migration calls `queryInterface.sequelize.transaction(…)`.
import { extractSequelize } from '../hosts/js/sequelize.js';
import { hostRunner } from '../hosts/runner.js';
import { versionFromName } from '../discover/versions.js';
import { JS_EXTENSIONS, markerEvidence, stemOfFile } from './js-runner.js';

const MARKER = /\bqueryInterface\b|\bQueryInterface\b|['"]sequelize['"]/;

export const sequelize = hostRunner({
  name: 'sequelize',
  title: 'Sequelize',
  extensions: JS_EXTENSIONS,
  defaultDirs: ['migrations', 'db/migrations', 'src/migrations'],
  detect: (file) => markerEvidence(file, MARKER, (m) => `'${m}' in a migration module`),
  extract: (file) => extractSequelize(file.text, file.path),
  version: (file) => ({ ...versionFromName(stemOfFile(file)), orderKey: stemOfFile(file) }),
  transaction: {
    model: 'none',
    behaviour: 'sequelize-cli runs each query of a migration on its own (autocommit) unless the migration opens a transaction',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  rawSql: 'queryInterface.sequelize.query(`…`)',
  builderFixHelp: 'sequelize',
});
