// tern (jackc/tern): `<number>_<name>.sql`, up above and down below the line
// `---- create above / drop below ----`. Each migration runs in a transaction unless the file holds
// `---- tern: disable-tx ----`; then the migration is still one Exec (one implicit transaction for several statements).
import path from 'node:path';
import { matchLines } from '../discover/lines.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach } from './read.js';
import type { Probe, RunnerModule } from './types.js';

const SEPARATOR_RE = /^---- create above \/ drop below ----[ \t]*$/gm;
const DISABLE_TX_RE = /^---- tern: disable-tx ----[ \t]*$/m;
const NAME_RE = /^\d+_.+\.sql$/;

function split(file: SourceText): FileParts {
  const [separator] = matchLines(file.text, SEPARATOR_RE);
  const noTransaction = DISABLE_TX_RE.test(file.text);
  const part: Part = separator
    ? { layout: 'tern', up: { start: 0, end: separator.start, noTransaction }, down: { start: separator.next, end: file.text.length, noTransaction } }
    : { layout: 'tern', up: { start: 0, end: file.text.length, noTransaction } };
  return { parts: [part], problems: [] };
}

const hasTernConf = (dir: string, probe: Probe) =>
  probe.memo(`tern:${dir}`, () => probe.exists(path.join(dir, 'tern.conf')) || probe.exists(path.join(path.dirname(dir), 'tern.conf')));

export const tern: RunnerModule = {
  name: 'tern',
  title: 'tern',
  defaultDirs: ['migrations', 'db/migrations'],
  separators: 'none: a migration is sent as one query',
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    const [mark] = matchLines(file.text, SEPARATOR_RE);
    if (mark) return { strength: 'marker', what: "'---- create above / drop below ----' line", span: { start: mark.start, end: mark.end } };
    return hasTernConf(path.dirname(file.path), probe) ? { strength: 'metadata', what: 'tern.conf beside the set' } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, split),
  transaction: {
    model: 'wrapped',
    behaviour: 'tern runs each migration in a transaction',
    optOut: () => '`---- tern: disable-tx ----`',
    noTransaction: { line: '---- tern: disable-tx ----' },
    sectionModel: ({ range }) => (range.noTransaction ? 'implicit' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
