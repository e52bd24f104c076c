// popx (ory): `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`. The `.postgres.` variant
// replaces the generic file of the same version, other dialects never run on PostgreSQL, and
// `.autocommit.` files run outside a transaction; the others each in one. Every file is a Go
// template rendered before it runs (preprocess/go-template.ts).
import path from 'node:path';
import { goTemplateActions } from './preprocess/go-template.js';
import { preprocessed } from './preprocess/section.js';
import { readPaired, wholeFile, type PairRole } from './read.js';
import type { Probe, RunnerModule } from './types.js';
import type { SourceText } from '../types.js';

const POPX_RE = /^(.+?)(?:\.(postgres|postgresql|pg))?(?:\.autocommit)?\.(up|down)\.sql$/i;
const DIALECT_RE = /\.(?:postgres|postgresql|pg|mysql|sqlite3?|cockroach|mssql)(?:\.autocommit)?\.(?:up|down)\.sql$|\.autocommit\.(?:up|down)\.sql$/i;
const OTHER_DIALECT_RE = /\.(mysql|sqlite3?|cockroach|mssql)(?:\.autocommit)?\.(up|down)\.sql$/i;

/** popx files for another database (`.mysql.up.sql`, `.sqlite3.down.sql` …) never run on PostgreSQL. */
export const isOtherDialect = (file: string) => OTHER_DIALECT_RE.test(path.basename(file));
const isAutocommit = (file: string) => /\.autocommit\.(up|down)\.sql$/i.test(path.basename(file));

const popxDirectory = (dir: string, probe: Probe) => probe.memo(`popx:${dir}`, () => probe.list(dir).find((n) => DIALECT_RE.test(n)));

function role(file: SourceText): PairRole | undefined {
  const m = POPX_RE.exec(path.basename(file.path));
  if (!m?.[1] || !m[3]) return undefined;
  const parent = path.dirname(file.path);
  return { key: `file:${path.join(parent, m[1])}`, dir: m[3].toLowerCase() === 'up' ? 'up' : 'down', layout: 'up-down-files', label: m[1], display: `"${m[1]}"`, preference: m[2] ? 1 : 0 };
}

export const popx: RunnerModule = {
  name: 'popx',
  title: 'popx',
  defaultDirs: ['migrations', 'persistence/sql/migrations'],
  separators: 'none: the file is one query',
  detect(file, probe) {
    if (!POPX_RE.test(path.basename(file.path))) return undefined;
    const sibling = popxDirectory(path.dirname(file.path), probe);
    return sibling ? { strength: 'naming', what: `dialect files such as ${sibling}` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files.filter((f) => !isOtherDialect(f.path)), { role, single: wholeFile('plain') }),
  transaction: {
    model: 'wrapped',
    behaviour: 'popx runs each migration in a transaction',
    optOut: () => 'a `.autocommit.` file name (`<version>_<name>.postgres.autocommit.up.sql`)',
    sectionModel: ({ file }) => (isAutocommit(file.path) ? 'none' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  preprocess: ({ text, offset }) => preprocessed(text, offset, text.includes('{{') ? goTemplateActions(text) : []),
};
