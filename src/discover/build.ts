// Decoded files → ordered migrations: each file goes to its runner (configured, or detected
// under `auto`), the runner reads its files, and the migrations are ordered by version.
import type { DiscoveryProblem, Migration, RunnerName, SectionSource, SourceText } from '../types.js';
import { detectRunner } from '../runners/detect.js';
import { runnerNamed } from '../runners/index.js';
import { createProbe, type DiskReads } from '../runners/probe.js';
import { emptyUpProblem } from '../runners/read.js';
import type { Probe, RunnerMigration, RunnerModule, RunnerOptions } from '../runners/types.js';
import { problem, type SectionRange } from './part.js';
import { extensionOfPath } from '../runners/extensions.js';
import { compareVersions } from './versions.js';
import type { ExecutedMigration } from '../hosts/execute/types.js';

interface Unit {
  path: string;
  relPath: string;
  rank: number;
  orderKey: string | undefined;
  migrations: Migration[];
}

export interface Built {
  migrations: Migration[];
  problems: DiscoveryProblem[];
  /** Texts of the runners' own files a problem points into (a journal, a plan), by absolute path. */
  runnerFiles: Map<string, string>;
  /** Host-language files found in a directory that no runner reads (helpers, configs): not part of the set. */
  skipped: string[];
}

/**
 * `named`: files given by name (not found in a directory): one no runner claims is a problem, not skipped.
 * `executed`: `orm.execute`'s recordings, which ORM runners read instead of their static translation.
 * `disk`: what is read from disk around the set: discovery seeds it with its walk's directory listings;
 *   the language server keeps one per set read from disk for every rebuild.
 */
export function buildMigrations(
  files: SourceText[],
  runnerName: RunnerName,
  assumeInTransaction: boolean,
  options: RunnerOptions = {},
  named?: ReadonlySet<string>,
  executed?: ReadonlyMap<string, ExecutedMigration>,
  disk?: DiskReads,
): Built {
  const problems: DiscoveryProblem[] = [];
  const probe = executed ? Object.assign(createProbe(files, disk), { executed }) : createProbe(files, disk);
  const groups = new Map<RunnerModule, SourceText[]>();
  const skipped: string[] = [];
  for (const file of files) {
    let runner: RunnerModule;
    if (runnerName === 'auto') {
      const detected = detectRunner(file, probe);
      if (!detected) {
        if (named?.has(file.path)) problems.push(problem(file.path, 'invalid-file', `no runner reads this ${extensionOfPath(file.path)} file as a migration (none of their markers found): not linted`));
        else skipped.push(file.path);
        continue;
      }
      if (detected.problem) problems.push(detected.problem);
      runner = detected.runner;
    } else {
      runner = runnerNamed(runnerName);
    }
    const group = groups.get(runner) ?? [];
    group.push(file);
    groups.set(runner, group);
  }

  // Migrations of one file stay together, in the file's order.
  const units = new Map<string, Unit>();
  for (const [runner, group] of groups) {
    const read = runner.read(group, probe);
    problems.push(...read.problems);
    for (const found of read.migrations) {
      const empty = emptyUpProblem(found);
      if (empty) problems.push(empty);
      const unit = units.get(found.file.path) ?? { path: found.file.path, relPath: found.file.relPath, rank: found.rank ?? 0, orderKey: found.orderKey, migrations: [] };
      unit.migrations.push(toMigration(found, runner, probe, assumeInTransaction, options, problems));
      units.set(found.file.path, unit);
    }
  }

  const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const ordered = [...units.values()].sort(
    (a, b) =>
      (a.orderKey !== undefined && b.orderKey !== undefined ? byCodeUnit(a.orderKey, b.orderKey) : compareVersions(a.migrations[0]?.version ?? '', b.migrations[0]?.version ?? '')) ||
      a.rank - b.rank ||
      byCodeUnit(a.path, b.path),
  );
  const given = new Set(files.map((f) => f.path));
  const runnerFiles = new Map<string, string>();
  for (const p of problems) {
    const text = given.has(p.file) ? undefined : probe.read(p.file);
    if (text !== undefined) runnerFiles.set(p.file, text);
  }
  return { migrations: uniqueIds(ordered), problems, runnerFiles, skipped };
}

function toMigration(found: RunnerMigration, runner: RunnerModule, probe: Probe, assumeInTransaction: boolean, options: RunnerOptions, problems: DiscoveryProblem[]): Migration {
  const section = (file: SourceText, range: SectionRange, which: 'up' | 'down'): SectionSource => {
    const text = range.host ? range.host.text : file.text.slice(range.start, range.end);
    const wrap = assumeInTransaction ? 'wrapped' : (range.wrap ?? runner.transaction.sectionModel?.({ file, range, text, section: which, options }, probe) ?? runner.transaction.model);
    if (!range.host) {
      // The text as the server receives it: what the runner rewrites gets a same-length stand-in.
      const pre = runner.preprocess?.({ file, text, offset: range.start }, probe);
      problems.push(...(pre?.problems ?? []));
      if (!pre || pre.rewritten.length === 0) return { file: file.path, text, offset: range.start, wrap };
      return { file: file.path, text: pre.text, offset: range.start, wrap, rewritten: pre.rewritten };
    }
    const { text: _sql, ...host } = range.host;
    return { file: file.path, text, offset: 0, wrap, host };
  };
  const { file, version, name } = found;
  const id = !found.versioned ? file.relPath : name ? `${version}_${name}` : version;
  const m: Migration = { id, version, name, layout: found.layout, runner: runner.name, up: section(file, found.up, 'up') };
  if (found.down) m.down = section(file, found.down, 'down');
  else if (found.downFile) m.down = section(found.downFile, { start: 0, end: found.downFile.text.length }, 'down');
  if (found.metadata) m.metadata = found.metadata;
  return m;
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
