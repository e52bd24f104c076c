// MikroORM: `Migration<YYYYMMDDHHMMSS>.ts` classes extending Migration, read by
// src/hosts/js/mikro-orm.ts. Ordered by file name; by default (transactional, allOrNothing) all
// pending migrations run in one master transaction.
import path from 'node:path';
import { hostRunner } from '../hosts/runner.js';
import { extractMikroOrm } from '../hosts/js/mikro-orm.js';

const MARKER = /\bthis\.addSql\s*\(|from\s+['"]@mikro-orm\/migrations['"]/;

export const mikroOrm = hostRunner({
  name: 'mikro-orm',
  title: 'MikroORM',
  extensions: ['.ts', '.js', '.mts', '.cts', '.mjs', '.cjs'],
  defaultDirs: ['src/migrations', 'migrations'],
  detect(file) {
    if (/\.d\.[cm]?ts$/i.test(file.path)) return undefined;
    const mark = MARKER.exec(file.text);
    return mark ? { strength: 'marker', what: `'${mark[0].trim()}'`, span: { start: mark.index, end: mark.index + mark[0].length } } : undefined;
  },
  extract: (file) => extractMikroOrm(file),
  version(file) {
    const stem = path.basename(file.path).replace(/\.[^.]+$/, '');
    const digits = /\d{8,}/.exec(stem)?.[0];
    return { version: digits ?? stem, name: digits ? stem.replace(digits, '') : stem, orderKey: stem };
  },
  transaction: {
    model: 'whole-run',
    behaviour: 'MikroORM runs all pending migrations in one master transaction (transactional and allOrNothing, the defaults)',
    optOut: () => '`isTransactional(): boolean { return false }` on the migration class',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  rawSql: "this.addSql('…')",
});
