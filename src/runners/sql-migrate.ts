// sql-migrate (rubenv/sql-migrate): `-- +migrate Up` / `-- +migrate Down` sections, each run in a
// transaction unless its marker says `notransaction` (then statement by statement);
// `-- +migrate StatementBegin` / `StatementEnd` keep a statement holding semicolons whole.
import { matchLines, type LineMatch } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

const MIGRATE_RE = /^[ \t]*--[ \t]*\+migrate[ \t]+(\w+)(.*)$/gm;

const marks = (text: string) => (text.includes('+migrate') ? matchLines(text, MIGRATE_RE) : []);
const direction = (m: LineMatch) => (m.groups[0] ?? '').toLowerCase();
const noTransaction = (m: LineMatch | undefined) => m !== undefined && /(?:^|\s)notransaction(?:\s|$)/.test(m.groups[1] ?? '');

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  const ups = found.filter((m) => direction(m) === 'up');
  const downs = found.filter((m) => direction(m) === 'down');
  if (ups.length === 0 && downs.length === 0) return wholeFile('plain')(file);
  const parts = splitMarked(file.path, file.text, { ups, downs, upLabel: '-- +migrate Up', downLabel: '-- +migrate Down', requireUp: true });
  const part: Part = { layout: 'sql-migrate', up: { ...parts.up, noTransaction: noTransaction(ups[0]) } };
  if (parts.down) part.down = { ...parts.down, noTransaction: noTransaction(downs[0]) };
  return { parts: [part], problems: parts.problems };
}

export const sqlMigrate: RunnerModule = {
  name: 'sql-migrate',
  title: 'sql-migrate',
  defaultDirs: ['migrations', 'db/migrations', 'migrate/migrations'],
  separators: '`;` at the end of a line; `-- +migrate StatementBegin` / `StatementEnd` around a statement holding semicolons',
  detect(file) {
    const mark = marks(file.text).find((m) => direction(m) === 'up' || direction(m) === 'down');
    return mark ? { strength: 'marker', what: "'-- +migrate Up' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, split),
  transaction: {
    model: 'wrapped',
    behaviour: 'sql-migrate runs each migration in a transaction',
    optOut: (section) => `\`-- +migrate ${section === 'up' ? 'Up' : 'Down'} notransaction\``,
    noTransaction: { line: '-- +migrate Up notransaction', replaces: '-- +migrate Up' },
    // Without its transaction sql-migrate executes the statements one by one.
    sectionModel: ({ range }) => (range.noTransaction ? 'none' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
