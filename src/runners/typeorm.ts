// TypeORM: migration classes (`<timestamp>-<Name>.ts`, class `<Name><timestamp>` implementing
// MigrationInterface) read by src/hosts/js/typeorm.ts. Ordered by the 13-digit timestamp that ends
// the migration's name; by default all pending migrations run in one transaction.
import path from 'node:path';
import { hostRunner } from '../hosts/runner.js';
import { extractTypeorm, timestampOf, type TypeormMigration } from '../hosts/js/typeorm.js';
import type { SourceText } from '../types.js';

const MARKER = /\bMigrationInterface\b|\bup\s*\(\s*queryRunner\b/;

function version(file: SourceText, migration: TypeormMigration) {
  const name = migration.className ?? path.basename(file.path).replace(/\.[^.]+$/, '');
  const timestamp = timestampOf(name) ?? /^\d+/.exec(path.basename(file.path))?.[0] ?? '0';
  return { version: timestamp, name: name.endsWith(timestamp) ? name.slice(0, -timestamp.length) : name };
}

export const typeorm = hostRunner({
  name: 'typeorm',
  title: 'TypeORM',
  extensions: ['.ts', '.js', '.mts', '.cts', '.mjs', '.cjs'],
  defaultDirs: ['src/migrations', 'src/migration', 'migrations', 'src/database/migrations'],
  detect(file) {
    if (/\.d\.[cm]?ts$/i.test(file.path)) return undefined;
    const mark = MARKER.exec(file.text);
    return mark ? { strength: 'marker', what: `'${mark[0]}' in a migration class`, span: { start: mark.index, end: mark.index + mark[0].length } } : undefined;
  },
  extract: (file, probe) => extractTypeorm(file, probe),
  version: (file, migration) => version(file, migration as TypeormMigration),
  transaction: {
    model: 'whole-run',
    behaviour: 'TypeORM runs all pending migrations in one transaction (migrationsTransactionMode "all", the default)',
    optOut: () => 'migrationsTransactionMode "each" in the data source with `transaction = false` on the migration class',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  rawSql: 'queryRunner.query(`…`)',
  builderFixHelp: 'typeorm',
});
