// node-pg-migrate: SQL migrations with `-- Up Migration` / `-- Down Migration` sections (no markers =
// the whole file is up), and JS/TS migrations exporting up(pgm)/down(pgm) whose MigrationBuilder calls
// src/hosts/js/node-pg-migrate.ts renders. Ordered by the numeric file-name prefix. By default all
// pending migrations run in ONE transaction (singleTransaction); a JS/TS migration calling
// `pgm.noTransaction()` runs outside it; SQL files have no directive to opt out.
import { matchLines } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import { extractNodePgMigrate } from '../hosts/js/node-pg-migrate.js';
import { hostRunner } from '../hosts/runner.js';
import type { SourceText } from '../types.js';
import { isJsMigrationFile, JS_EXTENSIONS, markerEvidence } from './js-runner.js';
import { readEach, wholeFile } from './read.js';
import path from 'node:path';
import type { NewMigrationInput, NewMigrationPlan, RunnerModule, RunnerTransaction } from './types.js';

// node-pg-migrate's own test: /^\s*--[\s-]*up\s+migration/im (and down).
const MARK_RE = /^[ \t]*--[ \t-]*(up|down)[ \t]+migration\b.*$/gim;

const marks = (text: string) => (/migration/i.test(text) ? matchLines(text, MARK_RE) : []);

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  if (found.length === 0) return wholeFile('plain')(file);
  const parts = splitMarked(file.path, file.text, {
    ups: found.filter((m) => m.groups[0]?.toLowerCase() === 'up'),
    downs: found.filter((m) => m.groups[0]?.toLowerCase() === 'down'),
    upLabel: '-- Up Migration',
    downLabel: '-- Down Migration',
    requireUp: false,
  });
  const part: Part = { layout: 'sections', up: parts.up };
  if (parts.down) part.down = parts.down;
  return { parts: [part], problems: parts.problems };
}

const JS_MARKER = /\bpgm\.\w+|\bMigrationBuilder\b|from\s+['"]node-pg-migrate['"]/;

const transaction: RunnerTransaction = {
  model: 'whole-run',
  behaviour: 'node-pg-migrate runs all pending migrations in one transaction (singleTransaction)',
  optOut: () => '`--no-single-transaction` with the statement in a JS/TS migration calling `pgm.noTransaction()` (SQL files have no directive)',
};

const timeouts = { lockTimeout: false, statementTimeout: false };

const jsMigrations = hostRunner({
  name: 'node-pg-migrate',
  title: 'node-pg-migrate',
  extensions: JS_EXTENSIONS,
  defaultDirs: ['migrations'],
  detect: (file) => markerEvidence(file, JS_MARKER, (m) => `'${m}' in a migration module`),
  extract: (file) => extractNodePgMigrate(file.text, file.path),
  transaction,
  timeouts,
  rawSql: 'pgm.sql(`…`)',
  builderFixHelp: 'node-pg-migrate',
});

export const nodePgMigrate: RunnerModule = {
  name: 'node-pg-migrate',
  title: 'node-pg-migrate',
  extensions: ['.sql', ...JS_EXTENSIONS],
  defaultDirs: ['migrations'],
  separators: 'none: a section is sent as one query',
  detect(file, probe) {
    if (isJsMigrationFile(file)) return jsMigrations.detect(file, probe);
    const mark = marks(file.text).find((m) => m.groups[0]?.toLowerCase() === 'up');
    return mark ? { strength: 'marker', what: "'-- Up Migration' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: true,
  read(files, probe) {
    const sql = readEach(files.filter((f) => !isJsMigrationFile(f)), split);
    const js = jsMigrations.read(files.filter(isJsMigrationFile), probe);
    return { migrations: [...sql.migrations, ...js.migrations], problems: [...sql.problems, ...js.problems] };
  },
  transaction,
  timeouts,
  newMigration: newSqlMigration,
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** node-pg-migrate's `utc` prefix: yyyyMMddHHmmssSSS. */
const utcPrefix = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`;

/** `<prefix>_<name>.sql` with both markers, the prefix in the set's format (`timestamp` ms, `utc`, or `index`). */
function newSqlMigration({ migrations, slug, now }: NewMigrationInput): NewMigrationPlan | undefined {
  const last = migrations.at(-1);
  const prefix = last ? /^(\d+)_/.exec(path.basename(last.up.file))?.[1] : undefined;
  if (!last || !prefix) return undefined;
  const next = (candidate: string) => (BigInt(candidate) > BigInt(prefix) ? candidate : (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0'));
  const version = prefix.length === 13 ? next(String(now.getTime())) : prefix.length === 17 ? next(utcPrefix(now)) : next('0');
  return {
    version,
    layout: 'sections',
    create: [{ file: path.join(path.dirname(last.up.file), `${version}_${slug.replace(/_/g, '-')}.sql`), text: '-- Up Migration\n\n-- Down Migration\n' }],
  };
}
