// Atlas versioned migrations: `<version>[_<name>].sql` beside `atlas.sum`, applied in file-name
// order (lexicographic). Atlas splits a file into statements and runs them in one transaction
// per file (`--tx-mode file`, the default) unless the file's header says `-- atlas:txmode none`
// (then one by one, without a transaction); `-- atlas:delimiter X` ends statements at X instead
// of `;`. There are no down files: `atlas migrate down` computes the revert. Atlas sets no timeouts.
// Sources: atlasgo.io/versioned/new (delimiter, file name), atlasgo.io/versioned/apply (--tx-mode),
// ariga/atlas cmd/atlas/internal/cmdapi/migrate_test.go TestMigrate_ApplyTxModeDirective, sql/migrate/lex.go.
import path from 'node:path';
import { matchLines } from '../discover/lines.js';
import { problem, type Part } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { unescapeDelimiter, withAtlasDelimiter } from './atlas-delimiter.js';
import { headerDirectives } from './header.js';
import { fileVersion, migrationsOfParts } from './read.js';
import type { NewMigrationInput, NewMigrationPlan, Probe, RunnerModule, RunnerRead } from './types.js';

const SUM_FILE = 'atlas.sum';
const NAME_RE = /^[^.][^/]*\.sql$/;
const DIRECTIVE_RE = /^[ \t]*--[ \t]*atlas:(\w+)(?:[ \t]+(.*?))?[ \t]*$/;
/** `<file> h1:<hash>` lines of atlas.sum (the first line is the directory's own `h1:` hash). */
const SUM_ENTRY_RE = /^(\S+\.sql)[ \t]+h1:\S+[ \t]*$/gm;

const sumBeside = (file: string, probe: Probe) => {
  const sum = path.join(path.dirname(file), SUM_FILE);
  return probe.exists(sum) ? sum : undefined;
};

function readFile(file: SourceText): RunnerRead {
  const problems: RunnerRead['problems'] = [];
  const directives = headerDirectives(file.text, DIRECTIVE_RE);
  let noTransaction = false;
  let text = file.text;
  for (const d of directives) {
    const [name = '', value = ''] = d.groups;
    const span = { start: d.start, end: d.end };
    if (name === 'txmode') {
      if (value === 'none' || value === 'file') noTransaction = value === 'none';
      else problems.push(problem(file.path, 'invalid-file', `unknown txmode "${value}" in a file directive: Atlas accepts \`none\` or \`file\` here (\`all\` is only a --tx-mode flag) and refuses to apply the directory`, span));
    } else if (name === 'delimiter') {
      if (value === '') problems.push(problem(file.path, 'invalid-file', '`-- atlas:delimiter` without a delimiter: Atlas refuses the file ("empty delimiter")', span));
      else text = withAtlasDelimiter(text, unescapeDelimiter(value), d.next);
    }
  }
  const view: SourceText = text === file.text ? file : { ...file, text };
  const part: Part = { layout: 'plain', up: { start: 0, end: file.text.length, noTransaction } };
  const migrations = migrationsOfParts(view, [part], fileVersion(file));
  for (const m of migrations) m.orderKey = path.basename(file.path);
  return { migrations, problems };
}

/** atlas.sum lines naming a file that is not there: Atlas refuses the directory (checksum mismatch). */
function sumProblems(files: readonly SourceText[], probe: Probe): RunnerRead['problems'] {
  const sums = new Set(files.map((f) => sumBeside(f.path, probe)).filter((s): s is string => s !== undefined));
  const out: RunnerRead['problems'] = [];
  for (const sum of sums) {
    const text = probe.read(sum) ?? '';
    const dir = path.dirname(sum);
    const listed = new Set<string>();
    for (const entry of matchLines(text, SUM_ENTRY_RE)) {
      const name = entry.groups[0] ?? '';
      listed.add(name);
      if (!probe.exists(path.join(dir, name))) {
        out.push(problem(sum, 'invalid-file', `atlas.sum names ${name}, which is not in the directory: Atlas refuses to apply it (checksum mismatch); run \`atlas migrate hash\``, { start: entry.start, end: entry.end }));
      }
    }
    for (const f of files) {
      if (path.dirname(f.path) === dir && !listed.has(path.basename(f.path))) {
        out.push(problem(f.path, 'invalid-file', `${path.basename(f.path)} is not in atlas.sum: Atlas refuses to apply the directory (checksum mismatch); run \`atlas migrate hash\``));
      }
    }
  }
  return out;
}

export const atlas: RunnerModule = {
  name: 'atlas',
  title: 'Atlas',
  defaultDirs: ['migrations'],
  markers: [{ file: SUM_FILE }],
  separators: '`;` (outside quotes, dollar quotes, comments and parentheses), or the `-- atlas:delimiter` of the file',
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    if (sumBeside(file.path, probe)) return { strength: 'metadata', what: `${SUM_FILE} beside the file` };
    const [mark] = headerDirectives(file.text, DIRECTIVE_RE);
    return mark ? { strength: 'marker', what: `'-- atlas:${mark.groups[0] ?? ''}' directive`, span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: false, // the atlas.sum check covers every file of the set
  read(files, probe) {
    const out: RunnerRead = { migrations: [], problems: sumProblems(files, probe) };
    for (const file of files) {
      const read = readFile(file);
      out.migrations.push(...read.migrations);
      out.problems.push(...read.problems);
    }
    return out;
  },
  transaction: {
    model: 'wrapped',
    behaviour: 'Atlas runs the statements of each migration file in one transaction (--tx-mode file)',
    optOut: () => '`-- atlas:txmode none` in the file header',
    sectionModel: ({ range }) => (range.noTransaction ? 'none' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  newMigration: newAtlasFile,
};

const pad = (n: number) => String(n).padStart(2, '0');
const utcStamp = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;

/** `<UTC yyyymmddhhmmss>_<name>.sql` as `atlas migrate new` names it; atlas.sum is Atlas's to rehash. */
function newAtlasFile({ migrations, slug, now }: NewMigrationInput): NewMigrationPlan | undefined {
  const last = migrations.at(-1);
  if (!last) return undefined;
  const version = utcStamp(now);
  const dir = path.dirname(last.up.file);
  return {
    version,
    layout: 'plain',
    create: [{ file: path.join(dir, `${version}_${slug}.sql`), text: '-- Write the migration here.\n' }],
    notes: [`run \`atlas migrate hash --dir file://${path.relative(process.cwd(), dir) || '.'}\` to add the new file to atlas.sum (migrationlint does not write Atlas hashes)`],
  };
}
