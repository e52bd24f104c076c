// Detect a single file's layout from its marker lines and split it into parts.
import { ALEMBIC_RE, splitAlembic } from './alembic.js';
import { matchLines, type LineMatch } from './lines.js';
import { splitMarked } from './marked.js';
import { METADATA_RE, parseMetadata } from './metadata.js';
import type { FileParts, Part } from './part.js';

const GOOSE_RE = /^[ \t]*--[ \t]*\+goose[ \t]+(.*?)[ \t]*$/gim;
const DBMATE_RE = /^[ \t]*--[ \t]*migrate:(up|down)\b(.*)$/gm;
const SECTION_RE = /^[ \t]*--[ \t]*(up|down)[ \t]*$/gim;

const command = (m: LineMatch) => (m.groups[0] ?? '').toLowerCase().replace(/\s+/g, ' ');
const plain = (text: string): FileParts => ({ parts: [{ layout: 'plain', up: { start: 0, end: text.length } }], problems: [] });

function goose(file: string, text: string, marks: LineMatch[]): FileParts {
  const split = splitMarked(file, text, {
    ups: marks.filter((m) => command(m) === 'up'),
    downs: marks.filter((m) => command(m) === 'down'),
    upLabel: '-- +goose Up',
    downLabel: '-- +goose Down',
    requireUp: true,
  });
  // NO TRANSACTION anywhere in the file applies to both directions.
  const noTransaction = marks.some((m) => command(m) === 'no transaction');
  const part: Part = { layout: 'goose', up: { ...split.up, noTransaction } };
  if (split.down) part.down = { ...split.down, noTransaction };
  return { parts: [part], problems: split.problems };
}

function dbmate(file: string, text: string, marks: LineMatch[]): FileParts {
  const ups = marks.filter((m) => m.groups[0] === 'up');
  const downs = marks.filter((m) => m.groups[0] === 'down');
  const split = splitMarked(file, text, { ups, downs, upLabel: '-- migrate:up', downLabel: '-- migrate:down', requireUp: true });
  const noTx = (m: LineMatch | undefined) => m !== undefined && /(?:^|\s)transaction:false(?:\s|$)/.test(m.groups[1] ?? '');
  const part: Part = { layout: 'dbmate', up: { ...split.up, noTransaction: noTx(ups[0]) } };
  if (split.down) part.down = { ...split.down, noTransaction: noTx(downs[0]) };
  return { parts: [part], problems: split.problems };
}

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

/**
 * Markers are looked for in this order: alembic, goose, dbmate, `-- UP`/`-- DOWN` (or a
 * lone `-- @metadata` header); a file with none is `plain`, the whole file being the up part.
 * Markers are found line by line, as the runners themselves do, without parsing SQL.
 */
export function splitFile(file: string, text: string): FileParts {
  if (!text.includes('--')) return plain(text);
  // Substring checks first: most files have none of the markers, and a literal search is far
  // cheaper than trying a multiline regex at every line.
  const alembic = text.includes('Running upgrade') ? matchLines(text, ALEMBIC_RE) : [];
  if (alembic.length > 0) return splitAlembic(text, alembic);
  const gooseMarks = /\+goose/i.test(text) ? matchLines(text, GOOSE_RE) : [];
  if (gooseMarks.some((m) => command(m) === 'up' || command(m) === 'down')) return goose(file, text, gooseMarks);
  const dbmateMarks = text.includes('migrate:') ? matchLines(text, DBMATE_RE) : [];
  if (dbmateMarks.length > 0) return dbmate(file, text, dbmateMarks);
  return sections(file, text) ?? plain(text);
}
