// Liquibase formatted SQL: a file starting with `--liquibase formatted sql`; each
// `--changeset author:id [attr:value …]` is one migration whose down is its `--rollback <sql>`
// lines or `/* liquibase rollback … */` block. One transaction per changeset unless
// `runInTransaction:false`; `splitStatements:false` sends the changeset as one statement;
// a line holding only the `endDelimiter` ends a statement (read here as `;`). `${property}`
// changelog parameters are expanded before a changeset runs (preprocess/placeholders.ts).
import { matchLines, type LineMatch } from '../discover/lines.js';
import { problem, type Part } from '../discover/part.js';
import type { SourceText, WrapMode } from '../types.js';
import { changelogOrder } from './liquibase-changelog.js';
import { affixPlaceholders } from './preprocess/placeholders.js';
import { preprocessed } from './preprocess/section.js';
import { migrationsOfParts } from './read.js';
import type { NewMigrationInput, NewMigrationPlan, RunnerMigration, RunnerModule, RunnerRead } from './types.js';

const HEADER_RE = /^--[ \t]*liquibase[ \t]+formatted[ \t]+sql\b/i;
const CHANGESET_RE = /^[ \t]*--[ \t]*changeset[ \t]+(.*?)[ \t]*$/gim;
const ROLLBACK_LINE_RE = /^[ \t]*--[ \t]*rollback[ \t]+(.*?)$/gim;
const ROLLBACK_BLOCK_RE = /\/\*[ \t]*liquibase[ \t]+rollback\b([\s\S]*?)\*\//gi;
const AUTHOR_ID_RE = /^([^\s:]+):(\S+)$/;

interface Changeset {
  mark: LineMatch;
  author: string;
  id: string;
  attrs: Map<string, string>;
  body: { start: number; end: number };
}

/** `author:id key:value key:value` → author, id, attributes (lower-cased keys). */
function parseChangeset(mark: LineMatch, end: number): Changeset | string {
  const [head, ...rest] = (mark.groups[0] ?? '').split(/[ \t]+/);
  const authorId = AUTHOR_ID_RE.exec(head ?? '');
  if (!authorId?.[1] || !authorId[2]) return `\`--changeset\` needs \`author:id\`, found "${head ?? ''}"`;
  const attrs = new Map<string, string>();
  for (const word of rest) {
    const colon = word.indexOf(':');
    if (colon > 0) attrs.set(word.slice(0, colon).toLowerCase(), word.slice(colon + 1));
  }
  return { mark, author: authorId[1], id: authorId[2], attrs, body: { start: mark.next, end } };
}

/** Same length and lines as `text`, with everything outside `keep` blanked (line breaks stay). */
function blankOutside(text: string, keep: ReadonlyArray<{ start: number; end: number }>): string {
  const chars = text.replace(/[^\r\n]/g, ' ').split('');
  for (const k of keep) for (let i = k.start; i < k.end; i++) chars[i] = text[i] ?? ' ';
  return chars.join('');
}

/** Lines holding only the delimiter become `;` (padded), so the parser splits where Liquibase does. */
function withDelimiter(text: string, body: { start: number; end: number }, delimiter: string): string {
  const escaped = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const inBody = text.slice(body.start, body.end).replace(new RegExp(`^([ \\t]*)${escaped}([ \\t]*)$`, 'gm'), (line) => ';'.padEnd(line.length, ' '));
  return text.slice(0, body.start) + inBody + text.slice(body.end);
}

/** A rollback view runs under its changeset's transaction model. */
const rollbackModels = new WeakMap<SourceText, WrapMode>();

/** The rollback SQL of a changeset, as a view of the file of the same length (offsets stay true). */
function rollbackView(file: SourceText, body: { start: number; end: number }): SourceText | undefined {
  const slice = file.text.slice(body.start, body.end);
  const keep: Array<{ start: number; end: number }> = [];
  for (const m of matchLines(slice, ROLLBACK_LINE_RE)) {
    const sql = m.groups[0] ?? '';
    keep.push({ start: body.start + m.end - sql.length, end: body.start + m.end });
  }
  for (const m of slice.matchAll(ROLLBACK_BLOCK_RE)) {
    const inner = m[1] ?? '';
    const start = body.start + (m.index ?? 0) + m[0].length - 2 - inner.length;
    keep.push({ start, end: start + inner.length });
  }
  if (keep.length === 0) return undefined;
  return { ...file, text: blankOutside(file.text, keep) };
}

function readFile(file: SourceText, position: number): RunnerRead {
  const out: RunnerRead = { migrations: [], problems: [] };
  const marks = matchLines(file.text, CHANGESET_RE);
  const seen = new Map<string, LineMatch>();
  marks.forEach((mark, i) => {
    const parsed = parseChangeset(mark, marks[i + 1]?.start ?? file.text.length);
    if (typeof parsed === 'string') {
      out.problems.push(problem(file.path, 'invalid-file', parsed, { start: mark.start, end: mark.end }));
      return;
    }
    const key = `${parsed.author}:${parsed.id}`;
    if (seen.has(key)) out.problems.push(problem(file.path, 'invalid-file', `duplicate changeset ${key}: Liquibase identifies a changeset by author, id and file`, { start: mark.start, end: mark.end }));
    seen.set(key, mark);
    const delimiter = parsed.attrs.get('enddelimiter');
    const upText = delimiter && delimiter !== ';' && delimiter !== '--' ? withDelimiter(file.text, parsed.body, delimiter) : file.text;
    const upFile: SourceText = upText === file.text ? file : { ...file, text: upText };
    const noTransaction = parsed.attrs.get('runintransaction')?.toLowerCase() === 'false';
    const oneStatement = parsed.attrs.get('splitstatements')?.toLowerCase() === 'false';
    const model: WrapMode = noTransaction ? (oneStatement ? 'implicit' : 'none') : 'wrapped';
    const part: Part = { layout: 'plain', up: { ...parsed.body, wrap: model }, name: key };
    const [m] = migrationsOfParts(upFile, [part], { version: `${position}.${i + 1}`, name: key, versioned: true });
    if (!m) return;
    const down = rollbackView(file, parsed.body);
    if (down) {
      rollbackModels.set(down, model);
      m.downFile = down;
    }
    out.migrations.push(m satisfies RunnerMigration);
  });
  if (marks.length === 0) out.problems.push(problem(file.path, 'invalid-file', 'a `--liquibase formatted sql` file without any `--changeset` line: Liquibase runs nothing from it', { start: 0, end: file.text.indexOf('\n') }));
  return out;
}

export const liquibase: RunnerModule = {
  name: 'liquibase',
  title: 'Liquibase',
  defaultDirs: ['src/main/resources/db/changelog', 'db/changelog', 'db'],
  // The usual names of a root changelog; the SQL files it includes sit beside it or below.
  markers: ['changelog.yml', 'changelog.yaml', 'changelog.xml', 'db.changelog-master.yaml', 'db.changelog-master.yml', 'db.changelog-master.xml'].map((file) => ({ file })),
  separators: '`;` at a line end, or a line holding only the changeset’s `endDelimiter`; `splitStatements:false` sends the changeset whole',
  detect(file) {
    const m = HEADER_RE.exec(file.text);
    return m ? { strength: 'marker', what: "'--liquibase formatted sql' header", span: { start: 0, end: m[0].length } } : undefined;
  },
  readsFilesAlone: false, // the changelog, a file of the set, lists and orders them
  read(files, probe) {
    const { position, problems } = changelogOrder(files, probe);
    const out: RunnerRead = { migrations: [], problems };
    // The root changelog's include order; files it does not reach after, in path order (as `includeAll` orders them).
    const rank = (f: SourceText) => position.get(f.path) ?? Number.MAX_SAFE_INTEGER;
    const ordered = [...files].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    ordered.forEach((file, i) => {
      if (!HEADER_RE.test(file.text)) {
        out.problems.push(problem(file.path, 'invalid-file', 'not a Liquibase formatted SQL file: its first line must be `--liquibase formatted sql`'));
        return;
      }
      const read = readFile(file, i + 1);
      out.migrations.push(...read.migrations);
      out.problems.push(...read.problems);
    });
    return out;
  },
  transaction: {
    model: 'wrapped',
    behaviour: 'Liquibase runs each changeset in a transaction',
    optOut: () => '`runInTransaction:false` on the `--changeset` line',
    // Changesets carry their model on their range; a rollback view carries its changeset's.
    sectionModel: ({ file }) => rollbackModels.get(file) ?? 'wrapped',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  // Property values come from liquibase.properties, -D and the environment: they stand in by name.
  preprocess: ({ text, offset }) => preprocessed(text, offset, text.includes('${') ? affixPlaceholders(text, '${', '}', new Map()) : []),
  newMigration: appendChangeset,
};

/** A changeset appended to the newest changelog file, by the author of its last changeset. */
function appendChangeset({ migrations, slug, probe }: NewMigrationInput): NewMigrationPlan {
  const last = migrations.at(-1);
  const file = last?.up.file ?? 'changelog.sql';
  const text = probe.read(file) ?? '--liquibase formatted sql\n';
  const author = last?.name.split(':')[0] || 'migrationlint';
  const position = last?.version.split('.')[0] ?? '1';
  const count = matchLines(text, CHANGESET_RE).length;
  const changeset = `\n--changeset ${author}:${slug}\n-- Write the migration here\n--rollback -- Write its rollback here\n`;
  return { version: `${position}.${count + 1}`, layout: 'plain', create: [], update: [{ file, text: `${text}${text.endsWith('\n') ? '' : '\n'}${changeset}` }] };
}
