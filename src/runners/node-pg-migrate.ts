// node-pg-migrate SQL migrations: `-- Up Migration` / `-- Down Migration` sections (no markers =
// the whole file is up). By default all pending migrations run in ONE transaction
// (singleTransaction); there is no directive in SQL files to opt out.
import { matchLines } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

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

export const nodePgMigrate: RunnerModule = {
  name: 'node-pg-migrate',
  title: 'node-pg-migrate',
  defaultDirs: ['migrations'],
  separators: 'none: a section is sent as one query',
  detect(file) {
    const mark = marks(file.text).find((m) => m.groups[0]?.toLowerCase() === 'up');
    return mark ? { strength: 'marker', what: "'-- Up Migration' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  read: (files) => readEach(files, split),
  transaction: {
    model: 'whole-run',
    behaviour: 'node-pg-migrate runs all pending migrations in one transaction (singleTransaction)',
    optOut: () => '`--no-single-transaction` with the statement in a JS/TS migration calling `pgm.noTransaction()` (SQL files have no directive)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
