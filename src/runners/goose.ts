// goose (pressly/goose): `-- +goose Up` / `-- +goose Down` sections, one transaction per file
// unless `-- +goose NO TRANSACTION`; `StatementBegin`/`StatementEnd` keep a statement whole.
import { matchLines, type LineMatch } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

const GOOSE_RE = /^[ \t]*--[ \t]*\+goose[ \t]+(.*?)[ \t]*$/gim;

const command = (m: LineMatch) => (m.groups[0] ?? '').toLowerCase().replace(/\s+/g, ' ');
const marks = (text: string) => (/\+goose/i.test(text) ? matchLines(text, GOOSE_RE) : []);
const upOrDown = (m: LineMatch) => command(m) === 'up' || command(m) === 'down';

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  if (!found.some(upOrDown)) return wholeFile('plain')(file);
  const parts = splitMarked(file.path, file.text, {
    ups: found.filter((m) => command(m) === 'up'),
    downs: found.filter((m) => command(m) === 'down'),
    upLabel: '-- +goose Up',
    downLabel: '-- +goose Down',
    requireUp: true,
  });
  // NO TRANSACTION anywhere in the file applies to both directions.
  const noTransaction = found.some((m) => command(m) === 'no transaction');
  const part: Part = { layout: 'goose', up: { ...parts.up, noTransaction } };
  if (parts.down) part.down = { ...parts.down, noTransaction };
  return { parts: [part], problems: parts.problems };
}

export const goose: RunnerModule = {
  name: 'goose',
  title: 'goose',
  defaultDirs: ['migrations', 'db/migrations', 'sql/migrations'],
  separators: '`;` at the end of a line; `-- +goose StatementBegin` / `StatementEnd` around a statement holding semicolons',
  detect(file) {
    const mark = marks(file.text).find(upOrDown);
    return mark ? { strength: 'marker', what: "'-- +goose Up' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, split),
  transaction: {
    model: 'wrapped',
    behaviour: 'goose runs each migration in a transaction',
    optOut: () => '`-- +goose NO TRANSACTION`',
    noTransaction: { line: '-- +goose NO TRANSACTION' },
    // Without its transaction goose runs the statements one by one.
    sectionModel: ({ range }) => (range.noTransaction ? 'none' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
