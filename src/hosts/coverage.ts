// Coverage of ORM migration sets: how many SQL operations were read statically (and linted), and
// where the rest are. Unresolved calls are never skipped silently: every report carries them.
import { relative, sep } from 'node:path';
import { setDirectory } from '../lint.js';
import { lineIndexFor } from '../text.js';
import type { MigrationSet, Position } from '../types.js';
import type { HostCoverage } from './types.js';

/** The coverage of one set (a migrations directory), with positions for the unresolved calls. */
export interface SetCoverage extends HostCoverage {
  /** Absolute path of the set's directory. */
  directory: string;
  unresolved: Array<HostCoverage['unresolved'][number] & { start: Position }>;
  dynamicValues: Array<HostCoverage['dynamicValues'][number] & { start: Position }>;
  /** The same counts per file. */
  files: Map<string, { resolved: number; total: number }>;
}

/** Per set of ORM migrations among the files `reported` (all files of the set by default); [] for SQL sets. */
export function coverageOf(set: MigrationSet, reported: (file: string) => boolean = (f) => set.files.has(f)): SetCoverage[] {
  const bySet = new Map<string, SetCoverage>();
  for (const m of set.migrations) {
    for (const section of [m.up, m.down]) {
      const host = section?.host;
      if (!section || !host || !reported(section.file)) continue;
      const directory = setDirectory(m);
      const coverage: SetCoverage = bySet.get(directory) ?? { directory, resolved: 0, total: 0, unresolved: [], dynamicValues: [], files: new Map() };
      bySet.set(directory, coverage);
      coverage.total += host.total;
      coverage.resolved += host.total - host.unresolved.length;
      const file = coverage.files.get(section.file) ?? { resolved: 0, total: 0 };
      coverage.files.set(section.file, { resolved: file.resolved + host.total - host.unresolved.length, total: file.total + host.total });
      const lines = lineIndexFor(set.files.get(section.file) ?? { text: '' });
      for (const u of host.unresolved) coverage.unresolved.push({ file: section.file, span: u.span, reason: u.reason, start: lines.position(u.span.start) });
      for (const d of host.dynamicValues ?? []) coverage.dynamicValues.push({ file: section.file, span: d.span, reason: d.reason, start: lines.position(d.span.start) });
    }
  }
  return [...bySet.values()].sort((a, b) => (a.directory < b.directory ? -1 : a.directory > b.directory ? 1 : 0));
}

const display = (file: string, cwd: string) => relative(cwd, file).split(sep).join('/') || '.';

/** `db/migrations: analysed 1,241 of 1,258 SQL operations; 17 dynamic: a.ts:12, b.ts:40 and 15 more` */
export function coverageLine(c: SetCoverage, cwd: string, shown = 5): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const withValues = c.dynamicValues.length > 0 ? ` (${n(c.dynamicValues.length)} with dynamic values)` : '';
  const head = `${display(c.directory, cwd)}: analysed ${n(c.resolved)} of ${n(c.total)} SQL operation${c.total === 1 ? '' : 's'}${withValues}`;
  if (c.unresolved.length === 0) return head;
  const where = c.unresolved.slice(0, shown).map((u) => `${display(u.file, cwd)}:${u.start.line}`);
  const more = c.unresolved.length > shown ? ` and ${n(c.unresolved.length - shown)} more` : '';
  return `${head}; ${n(c.unresolved.length)} dynamic: ${where.join(', ')}${more}`;
}

/** The JSON form of a file's coverage (the JSON report's entry of an ORM migration file). */
export function fileCoverageJson(coverage: readonly SetCoverage[], file: string) {
  for (const c of coverage) {
    const counts = c.files.get(file);
    if (!counts) continue;
    const at = (u: SetCoverage['unresolved'][number]) => ({ line: u.start.line, column: u.start.column, reason: u.reason });
    const unresolved = c.unresolved.filter((u) => u.file === file).map(at);
    const dynamicValues = c.dynamicValues.filter((d) => d.file === file).map(at);
    return { ...counts, unresolved, ...(dynamicValues.length > 0 ? { dynamicValues } : {}) };
  }
  return undefined;
}
