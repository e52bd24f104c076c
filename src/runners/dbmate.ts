// dbmate: `-- migrate:up` / `-- migrate:down` sections, each in its own transaction unless
// its marker says `transaction:false`.
import { matchLines, type LineMatch } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

const DBMATE_RE = /^[ \t]*--[ \t]*migrate:(up|down)\b(.*)$/gm;

const marks = (text: string) => (text.includes('migrate:') ? matchLines(text, DBMATE_RE) : []);
const noTransaction = (m: LineMatch | undefined) => m !== undefined && /(?:^|\s)transaction:false(?:\s|$)/.test(m.groups[1] ?? '');

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  if (found.length === 0) return wholeFile('plain')(file);
  const ups = found.filter((m) => m.groups[0] === 'up');
  const downs = found.filter((m) => m.groups[0] === 'down');
  const parts = splitMarked(file.path, file.text, { ups, downs, upLabel: '-- migrate:up', downLabel: '-- migrate:down', requireUp: true });
  const part: Part = { layout: 'dbmate', up: { ...parts.up, noTransaction: noTransaction(ups[0]) } };
  if (parts.down) part.down = { ...parts.down, noTransaction: noTransaction(downs[0]) };
  return { parts: [part], problems: parts.problems };
}

export const dbmate: RunnerModule = {
  name: 'dbmate',
  title: 'dbmate',
  defaultDirs: ['db/migrations'],
  separators: 'none: a section is sent as one query',
  detect(file) {
    const [mark] = marks(file.text);
    return mark ? { strength: 'marker', what: "'-- migrate:up' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, split),
  transaction: {
    model: 'wrapped',
    behaviour: 'dbmate runs each section in a transaction',
    optOut: (section) => `\`-- migrate:${section} transaction:false\``,
    noTransaction: { line: '-- migrate:up transaction:false', replaces: '-- migrate:up' },
    // Without its transaction dbmate still sends the section as one query (lib/pq Exec), one implicit transaction.
    sectionModel: ({ range }) => (range.noTransaction ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
