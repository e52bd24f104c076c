// migrationlint's own apply engine. Layouts: plain files, `-- UP` / `-- DOWN` sections with an
// optional `-- @metadata {json}` header, `name.up.sql` + `name.down.sql` (or `name.sql` +
// `name.down.sql`), and `name/up.sql` + `name/down.sql`. One transaction per migration unless a
// statement cannot run in one or the file says `-- migrationlint:no-transaction`.
import path from 'node:path';
import { matchLines } from '../discover/lines.js';
import { splitMarked } from '../discover/marked.js';
import type { FileParts, Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { readPaired, wholeFile, type PairRole } from './read.js';
import { METADATA_RE, parseMetadata } from './sections-metadata.js';
import type { RunnerModule } from './types.js';

const SECTION_RE = /^[ \t]*--[ \t]*(up|down)[ \t]*$/gim;
/** The per-file directive: the engine runs the file's statements one by one, without a transaction. */
export const NO_TRANSACTION_RE = /^[ \t]*--[ \t]*migrationlint:no-transaction[ \t]*$/m;

function sections(file: string, text: string): FileParts | undefined {
  const marks = matchLines(text, SECTION_RE);
  const firstMark = marks[0]?.start ?? text.length;
  const metaLine = text.includes('@metadata') ? matchLines(text, METADATA_RE).find((m) => m.start < firstMark) : undefined;
  if (marks.length === 0 && !metaLine) return undefined;
  const part: Part = { layout: 'sections', up: { start: 0, end: text.length } };
  const result: FileParts = { parts: [part], problems: [] };
  if (marks.length > 0) {
    const split = splitMarked(file, text, {
      ups: marks.filter((m) => m.groups[0]?.toLowerCase() === 'up'),
      downs: marks.filter((m) => m.groups[0]?.toLowerCase() === 'down'),
      upLabel: '-- UP',
      downLabel: '-- DOWN',
      requireUp: false,
    });
    part.up = split.up;
    if (split.down) part.down = split.down;
    result.problems.push(...split.problems);
  }
  if (metaLine) {
    const meta = parseMetadata(file, metaLine);
    if (meta.problem) result.problems.push(meta.problem);
    if (meta.metadata) part.metadata = meta.metadata;
    if (meta.version !== undefined) part.version = meta.version;
    if (meta.name !== undefined) part.name = meta.name;
  }
  return result;
}

const split = (file: SourceText): FileParts =>
  (file.text.includes('--') ? sections(file.path, file.text) : undefined) ?? wholeFile('plain')(file);

/** `V/up.sql` + `V/down.sql`, `name.up.sql` + `name.down.sql`, and a lone `name.down.sql` beside `name.sql`. */
export function upDownRole(file: SourceText): PairRole | undefined {
  const base = path.basename(file.path);
  const parent = path.dirname(file.path);
  const lower = base.toLowerCase();
  if (lower === 'up.sql' || lower === 'down.sql') {
    const label = path.basename(parent);
    return { key: `dir:${parent}`, dir: lower === 'up.sql' ? 'up' : 'down', layout: 'up-down-dir', label, display: `"${label}"` };
  }
  const m = /^(.+?)\.(up|down)\.sql$/i.exec(base);
  if (!m?.[1] || !m[2]) return undefined;
  return { key: `file:${path.join(parent, m[1])}`, dir: m[2].toLowerCase() === 'up' ? 'up' : 'down', layout: 'up-down-files', label: m[1], display: `"${m[1]}"`, plainUp: path.join(parent, `${m[1]}.sql`) };
}

export const migrationlint: RunnerModule = {
  name: 'migrationlint',
  title: 'migrationlint',
  defaultDirs: ['migrations'],
  separators: 'none: statements come from the parser',
  // The fallback for files no other runner claims.
  detect: () => ({ strength: 'naming', what: 'no other runner’s files or markers' }),
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role: upDownRole, single: split }),
  transaction: {
    model: 'auto',
    behaviour: "migrationlint's apply engine runs each migration in a transaction unless a statement cannot run in one",
    optOut: () => '`-- migrationlint:no-transaction`',
    noTransaction: {},
    sectionModel: ({ file }) => (file.text.includes('migrationlint:no-transaction') && NO_TRANSACTION_RE.test(file.text) ? 'none' : 'auto'),
  },
  timeouts: 'apply-config',
};
