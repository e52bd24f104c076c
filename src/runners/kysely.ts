// Kysely: migration modules exporting up(db)/down(db) (src/hosts/js/kysely.ts), run in name order;
// on PostgreSQL the Migrator runs all pending migrations in one transaction.
import { extractKysely } from '../hosts/js/kysely.js';
import { hostRunner } from '../hosts/runner.js';
import { JS_EXTENSIONS, markerEvidence, stemOfFile } from './js-runner.js';

const MARKER = /from\s+['"]kysely['"]|\bKysely<|require\(\s*['"]kysely['"]\s*\)/;

export const kysely = hostRunner({
  name: 'kysely',
  title: 'Kysely',
  extensions: JS_EXTENSIONS,
  defaultDirs: ['migrations', 'src/migrations', 'src/db/migrations'],
  detect: (file) => markerEvidence(file, MARKER, (m) => `'${m}' in a migration module`),
  extract: (file) => extractKysely(file.text, file.path),
  // The Migrator orders by migration name (the file name without extension), code unit by code unit.
  version: (file) => {
    const stem = stemOfFile(file);
    const cut = stem.search(/[_-][A-Za-z]/);
    return cut > 0 ? { version: stem.slice(0, cut), name: stem.slice(cut + 1), orderKey: stem } : { version: stem, name: stem, orderKey: stem };
  },
  transaction: {
    model: 'whole-run',
    behaviour: "Kysely's Migrator runs all pending migrations in one transaction on PostgreSQL",
    optOut: () => '`disableTransactions: true` on the Migrator (for every migration)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  rawSql: 'sql`…`.execute(db)',
});
