// Shared readers runner modules compose: one migration (or several) per file, and up/down pairs.
import path from 'node:path';
import { isBlankSql } from '../discover/lines.js';
import { problem, type FileParts, type Part } from '../discover/part.js';
import { stemOf, versionFromName, type VersionName } from '../discover/versions.js';
import type { DiscoveryProblem, Layout, SourceText } from '../types.js';
import type { RunnerMigration, RunnerRead } from './types.js';

/** A file's migrations with its version and name taken from the file name unless the file names them. */
export function migrationsOfParts(file: SourceText, parts: readonly Part[], vn: VersionName): RunnerMigration[] {
  return parts.map((part) => {
    const m: RunnerMigration = {
      layout: part.layout,
      file,
      up: part.up,
      version: part.version ?? vn.version,
      name: part.name ?? vn.name,
      versioned: vn.versioned || part.version !== undefined,
    };
    if (part.down) m.down = part.down;
    if (part.metadata) m.metadata = part.metadata;
    return m;
  });
}

/** Every file on its own: `split` finds its migrations, the name gives the version. */
export function readEach(files: readonly SourceText[], split: (file: SourceText) => FileParts, version: (file: SourceText) => VersionName = fileVersion): RunnerRead {
  const out: RunnerRead = { migrations: [], problems: [] };
  for (const file of files) {
    const parts = split(file);
    out.problems.push(...parts.problems);
    out.migrations.push(...migrationsOfParts(file, parts.parts, version(file)));
  }
  return out;
}

export const fileVersion = (file: SourceText): VersionName => versionFromName(stemOf(path.basename(file.path)));

export const wholeFile = (layout: Layout) => (file: SourceText): FileParts => ({ parts: [{ layout, up: { start: 0, end: file.text.length } }], problems: [] });

/** Where a file sits in an up/down pair. */
export interface PairRole {
  /** Files with the same key form one migration. */
  key: string;
  dir: 'up' | 'down';
  layout: Layout;
  /** What the version and name are read from (a stem, a directory name). */
  label: string;
  /** How the migration is named in messages ("version 30", "\"001_users\""). */
  display: string;
  /** Of two files for one direction, the higher preference wins silently (popx's `.postgres.` variant); equal ones are a problem. */
  preference?: number;
  /** Where a plain `label.sql` would be, to serve as the up of a lone down file. */
  plainUp?: string;
}

interface Pair {
  role: PairRole;
  up?: SourceText;
  down?: SourceText;
  upLabel?: string;
}

export interface PairedOptions {
  role: (file: SourceText) => PairRole | undefined;
  /** Files that are not part of a pair. */
  single: (file: SourceText) => FileParts;
  version?: (label: string) => VersionName;
}

/**
 * Up and down files paired by `role().key`. A lone down whose plain `label.sql` exists takes
 * that file as its up; any other lone down is a problem.
 */
export function readPaired(files: readonly SourceText[], opts: PairedOptions): RunnerRead {
  const version = opts.version ?? versionFromName;
  const problems: DiscoveryProblem[] = [];
  const pairs = new Map<string, Pair>();
  const singles = new Map<string, SourceText>();
  for (const file of files) {
    const role = opts.role(file);
    if (!role) {
      singles.set(file.path, file);
      continue;
    }
    const pair = pairs.get(role.key) ?? { role };
    pairs.set(role.key, pair);
    const taken = pair[role.dir];
    const takenPreference = taken ? (opts.role(taken)?.preference ?? 0) : 0;
    const preference = role.preference ?? 0;
    if (taken && preference < takenPreference) continue;
    if (taken && preference === takenPreference) {
      problems.push(problem(file.path, 'invalid-file', `another ${role.dir} migration for ${role.display}: ${taken.relPath}`));
      continue;
    }
    pair[role.dir] = file;
    if (role.dir === 'up') pair.upLabel = role.label;
  }

  const migrations: RunnerMigration[] = [];
  for (const pair of pairs.values()) {
    let up = pair.up;
    const plain = !up && pair.role.plainUp ? singles.get(pair.role.plainUp) : undefined;
    if (plain) {
      const parts = opts.single(plain);
      if (parts.parts.length === 1 && parts.parts[0]?.layout === 'plain') {
        singles.delete(plain.path);
        up = plain;
      }
    }
    if (!up) {
      if (pair.down) problems.push(problem(pair.down.path, 'invalid-file', 'down migration without an up migration'));
      continue;
    }
    const vn = version(pair.upLabel ?? pair.role.label);
    const m: RunnerMigration = { layout: pair.role.layout, file: up, up: { start: 0, end: up.text.length }, version: vn.version, name: vn.name, versioned: vn.versioned };
    if (pair.down) m.downFile = pair.down;
    migrations.push(m);
  }
  const rest = readEach([...singles.values()], opts.single);
  return { migrations: [...migrations, ...rest.migrations], problems: [...problems, ...rest.problems] };
}

/** An empty up section is still a migration (down and ordering rules see it), with a problem. */
export function emptyUpProblem(m: RunnerMigration): DiscoveryProblem | undefined {
  const host = m.up.host;
  if (host) return host.total > 0 ? undefined : problem(m.file.path, 'empty-migration', 'up method sends no SQL', { start: host.span.start, end: host.span.start });
  if (!isBlankSql(m.file.text, m.up.start, m.up.end)) return undefined;
  const whole = m.up.start === 0 && m.up.end === m.file.text.length;
  return problem(m.file.path, 'empty-migration', `${whole ? 'file' : 'up section'} holds no SQL (only whitespace or comments)`, { start: m.up.start, end: m.up.start });
}
