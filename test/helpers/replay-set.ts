// Replay a discovered set's up sections through the engine (DO blocks included) into one
// catalog per migrations directory, as lint does, without rules.
import { analyseSection } from '../../src/analyse.js';
import { Catalog } from '../../src/facts/schema/index.js';
import { setDirectory } from '../../src/lint.js';
import { parseSection } from '../../src/parse.js';
import type { MigrationSet } from '../../src/types.js';

export function replaySet(set: MigrationSet): Map<string, Catalog> {
  const catalogs = new Map<string, Catalog>();
  for (const migration of set.migrations) {
    const dir = setDirectory(migration);
    let catalog = catalogs.get(dir);
    if (!catalog) catalogs.set(dir, (catalog = new Catalog()));
    const fileText = set.files.get(migration.up.file)?.text ?? migration.up.text;
    analyseSection({ migration, section: 'up', parsed: parseSection(migration.up), fileText, rules: [], pgVersion: 18, downRequired: false, catalog });
  }
  return catalogs;
}
