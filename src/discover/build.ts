// Decoded files → ordered migrations: pair up/down files, split the rest by layout.
import path from 'node:path';
import type { DiscoveryProblem, Migration, RunnerName, SectionSource, SourceText } from '../types.js';
import { splitFile } from './layouts.js';
import { isBlankSql } from './lines.js';
import { problem, type FileParts, type Part, type SectionRange } from './part.js';
import { effectiveRunner, wrapFor } from './runner.js';
import { compareVersions, stemOf, versionFromName, type VersionName } from './versions.js';

interface Pair {
  layout: 'up-down-files' | 'up-down-dir';
  /** The name the version comes from: the stem, or the directory name. */
  label: string;
  /** Where a plain `label.sql` would be, to serve as the up of a lone `label.down.sql`. */
  plainUp?: string;
  up?: SourceText;
  down?: SourceText;
}

function pairKey(file: string): { key: string; dir: 'up' | 'down'; pair: Pair; dialect?: boolean } | undefined {
  const base = path.basename(file);
  const parent = path.dirname(file);
  const lower = base.toLowerCase();
  if (lower === 'up.sql' || lower === 'down.sql') {
    return { key: `dir:${parent}`, dir: lower === 'up.sql' ? 'up' : 'down', pair: { layout: 'up-down-dir', label: path.basename(parent) } };
  }
  // popx (ory): <version>_<name>[.<dialect>][.autocommit].(up|down).sql — the dialect part
  // does not change which migration a file belongs to.
  const m = /^(.+?)(?:\.(postgres|postgresql|pg))?(?:\.autocommit)?\.(up|down)\.sql$/i.exec(base);
  if (!m?.[1] || !m[3]) return undefined;
  const pair: Pair = { layout: 'up-down-files', label: m[1], plainUp: path.join(parent, `${m[1]}.sql`) };
  return { key: `file:${path.join(parent, m[1])}`, dir: m[3].toLowerCase() === 'up' ? 'up' : 'down', pair, dialect: m[2] !== undefined };
}

/** popx files for another database (`.mysql.up.sql`, `.sqlite3.down.sql` …) never run on PostgreSQL. */
export function isOtherDialect(file: string): boolean {
  return /\.(mysql|sqlite3?|cockroach|mssql)(?:\.autocommit)?\.(up|down)\.sql$/i.test(path.basename(file));
}

/** popx runs `.autocommit.` files outside a transaction. */
const isAutocommit = (file: string) => /\.autocommit\.(up|down)\.sql$/i.test(path.basename(file));

interface Unit {
  path: string;
  migrations: Migration[];
  relPath: string;
}

export interface Built {
  migrations: Migration[];
  problems: DiscoveryProblem[];
}

export function buildMigrations(files: SourceText[], runner: RunnerName, assumeInTransaction: boolean): Built {
  const problems: DiscoveryProblem[] = [];
  const units: Unit[] = [];

  const toMigration = (file: SourceText, part: Part, vn: VersionName, downFile?: SourceText): Migration => {
    const run = effectiveRunner(runner, part.layout);
    const section = (f: SourceText, range: SectionRange): SectionSource => {
      const text = f.text.slice(range.start, range.end);
      const wrap = !assumeInTransaction && isAutocommit(f.path) ? 'none' : wrapFor(run, assumeInTransaction, range, text);
      return { file: f.path, text, offset: range.start, wrap };
    };
    const version = part.version ?? vn.version;
    const name = part.name ?? vn.name;
    const versioned = vn.versioned || part.version !== undefined;
    const id = !versioned ? file.relPath : name ? `${version}_${name}` : version;
    const m: Migration = { id, version, name, layout: part.layout, runner: run, up: section(file, part.up) };
    if (part.down) m.down = section(file, part.down);
    else if (downFile) m.down = section(downFile, { start: 0, end: downFile.text.length });
    if (part.metadata) m.metadata = part.metadata;
    // An empty migration is still a migration, so that down/require rules and ordering see it.
    if (isBlankSql(file.text, part.up.start, part.up.end)) {
      const whole = part.up.start === 0 && part.up.end === file.text.length;
      const what = whole ? 'file' : 'up section';
      problems.push(problem(file.path, 'empty-migration', `${what} holds no SQL (only whitespace or comments)`, { start: part.up.start, end: part.up.start }));
    }
    return m;
  };

  const pairs = new Map<string, Pair>();
  const singles = new Map<string, { file: SourceText; parts: FileParts }>();
  for (const file of files) {
    if (isOtherDialect(file.path)) continue;
    const k = pairKey(file.path);
    if (!k) {
      singles.set(file.path, { file, parts: splitFile(file.path, file.text) });
      continue;
    }
    const pair = pairs.get(k.key) ?? k.pair;
    pairs.set(k.key, pair);
    const taken = pair[k.dir];
    const takenIsDialect = taken ? pairKey(taken.path)?.dialect === true : false;
    // popx runs the .postgres. variant instead of the generic file of the same version.
    if (taken && k.dialect && !takenIsDialect) pair[k.dir] = file;
    else if (taken && takenIsDialect && !k.dialect) continue;
    else if (taken) problems.push(problem(file.path, 'invalid-file', `another ${k.dir} migration for "${pair.label}": ${taken.relPath}`));
    else pair[k.dir] = file;
  }

  for (const pair of pairs.values()) {
    let up = pair.up;
    // `name.sql` + `name.down.sql`: the plain file is the up part.
    const plain = !up && pair.plainUp ? singles.get(pair.plainUp) : undefined;
    if (plain && plain.parts.parts.length === 1 && plain.parts.parts[0]?.layout === 'plain') {
      singles.delete(plain.file.path);
      up = plain.file;
    }
    if (!up) {
      if (pair.down) problems.push(problem(pair.down.path, 'invalid-file', 'down migration without an up migration'));
      continue;
    }
    const part: Part = { layout: pair.layout, up: { start: 0, end: up.text.length } };
    units.push({ path: up.path, relPath: up.relPath, migrations: [toMigration(up, part, versionFromName(pair.label), pair.down)] });
  }

  for (const { file, parts } of singles.values()) {
    problems.push(...parts.problems);
    const vn = versionFromName(stemOf(path.basename(file.path)));
    units.push({ path: file.path, relPath: file.relPath, migrations: parts.parts.map((p) => toMigration(file, p, vn)) });
  }

  // Files are ordered by (first) version; migrations of one file keep the file's order.
  units.sort((a, b) => compareVersions(a.migrations[0]?.version ?? '', b.migrations[0]?.version ?? '') || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { migrations: uniqueIds(units), problems };
}

function uniqueIds(units: Unit[]): Migration[] {
  const count = new Map<string, number>();
  for (const u of units) for (const m of u.migrations) count.set(m.id, (count.get(m.id) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: Migration[] = [];
  for (const u of units) {
    for (const m of u.migrations) {
      let id = (count.get(m.id) ?? 0) > 1 && m.id !== u.relPath ? `${m.id}@${u.relPath}` : m.id;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n > 1) id = `${id}#${n}`;
      out.push({ ...m, id });
    }
  }
  return out;
}
