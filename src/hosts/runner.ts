// The adapter every ORM runner module is made with: a host extractor (one file → its up/down
// operations, see ./types.ts) becomes a RunnerModule whose sections are the SQL the calls send,
// with positions mapping back onto the host file (SectionSource.host).
import path from 'node:path';
import type { SectionRange } from '../discover/part.js';
import { stemOf, versionFromName } from '../discover/versions.js';
import type { HostSegment, Layout, SourceText, Span } from '../types.js';
import type { Evidence, NewMigrationInput, NewMigrationPlan, Probe, RunnerMigration, RunnerModule, RunnerRead, RunnerTimeouts, RunnerTransaction } from '../runners/types.js';
import type { BuilderFixHelpName } from './builder-fix-help.js';
import type { HostMigrationFile, HostOperation, HostSection } from './types.js';
import { withExecuted } from './execute/merge.js';
import { hasCode, splitStatements } from '../split.js';

export interface HostVersion {
  version: string;
  name: string;
  /** Ordered by this, code unit by code unit, instead of by version (a class name, a file name). */
  orderKey?: string;
}

export interface HostRunnerSpec {
  name: string;
  title: string;
  /** Lower case, with the dot: ['.ts', '.js']. */
  extensions: readonly string[];
  defaultDirs: readonly string[];
  /** How the ORM separates statements (documentation); default: each call's SQL is sent as it is. */
  separators?: string;
  detect(file: SourceText, probe: Probe): Evidence | undefined;
  /** The migration in a file; undefined when the file holds none of this ORM's (a helper module). */
  extract(file: SourceText, probe: Probe): HostMigrationFile | undefined;
  /** Version, name and order of a migration; default: from the file name (`<version>_<name>`). */
  version?(file: SourceText, migration: HostMigrationFile): HostVersion;
  transaction: RunnerTransaction;
  timeouts: RunnerTimeouts;
  /** How raw SQL is written with this ORM, for help on builder calls: "queryRunner.query(`…`)". */
  rawSql: string;
  /** Help on a withheld fix of a builder call in the ORM's API (an option of the call) before the generic help. */
  builderFixHelp?: BuilderFixHelpName;
  newMigration?(input: NewMigrationInput): NewMigrationPlan | undefined;
}

/** Statements of consecutive calls are kept apart: `;` after a call's SQL unless it ends with one. */
const separatorAfter = (sql: string) => (/;\s*$/.test(sql) ? '\n' : '\n;\n');

/**
 * What coverage counts as one SQL operation: each statement of SQL written as a literal (a string of
 * ten statements is ten, as in a .sql file), each builder call, and each piece whose SQL is unknown.
 */
export function operationCount(op: HostOperation): number {
  if (op.generated) return 0;
  if (op.sql === undefined || !op.literalMap) return 1;
  return Math.max(1, splitStatements(op.sql).filter((piece) => hasCode(piece.text)).length);
}

/** A method's operations as one section: their SQL joined, each piece remembering its call. */
export function sectionOfOperations(section: HostSection, rawSql: string, builderFixHelp?: BuilderFixHelpName): SectionRange {
  let text = '';
  const segments: HostSegment[] = [];
  const unresolved: { span: Span; reason: string }[] = [];
  const dynamicValues = section.operations.flatMap((op) => op.dynamicValues ?? []);
  for (const op of section.operations) {
    if (op.sql === undefined) {
      unresolved.push({ span: op.span, reason: op.unresolved ?? 'dynamic SQL' });
      continue;
    }
    segments.push(segmentOf(op, op.sql, text.length));
    text += op.sql + separatorAfter(op.sql);
  }
  const total = section.operations.reduce((sum, op) => sum + operationCount(op), 0);
  return {
    start: section.span.start,
    end: section.span.end,
    ...(section.wrap ? { wrap: section.wrap } : {}),
    host: { text, segments, span: section.span, total, unresolved, rawSql, ...(dynamicValues.length > 0 ? { dynamicValues } : {}), ...(builderFixHelp ? { builderFixHelp } : {}) },
  };
}

function segmentOf(op: HostOperation, sql: string, start: number): HostSegment {
  const segment: HostSegment = { start, end: start + sql.length, span: op.span };
  if (op.literalMap && op.literalMap.length === sql.length + 1) segment.literalMap = op.literalMap;
  if (op.call) segment.call = op.call;
  if (op.oneQuery) segment.oneQuery = true;
  return segment;
}

const fileVersion = (file: SourceText): HostVersion => {
  const vn = versionFromName(stemOf(path.basename(file.path)));
  return { version: vn.version, name: vn.name };
};

export function hostRunner(spec: HostRunnerSpec): RunnerModule {
  const layout: Layout = 'orm';
  const read = (files: readonly SourceText[], probe: Probe): RunnerRead => {
    const out: RunnerRead = { migrations: [], problems: [] };
    for (const file of files) {
      const found = spec.extract(file, probe);
      if (!found) continue;
      out.problems.push(...found.problems);
      if (!found.up) continue;
      const v = (spec.version ?? fileVersion)(file, found);
      const ran = probe.executed?.get(file.path);
      const up = ran?.up ? withExecuted(found.up, ran.up) : found.up;
      const down = found.down && ran?.down ? withExecuted(found.down, ran.down) : found.down;
      const m: RunnerMigration = { layout, file, up: sectionOfOperations(up, spec.rawSql, spec.builderFixHelp), version: v.version, name: v.name, versioned: true };
      if (v.orderKey !== undefined) m.orderKey = v.orderKey;
      if (down) m.down = sectionOfOperations(down, spec.rawSql, spec.builderFixHelp);
      out.migrations.push(m);
    }
    return out;
  };
  return {
    name: spec.name,
    title: spec.title,
    extensions: spec.extensions,
    defaultDirs: spec.defaultDirs,
    separators: spec.separators ?? "none: each call's SQL is sent as one query",
    detect: spec.detect,
    // The set snapshot keeps no ORM migrations (their SQL may come from running them), so none is re-read alone.
    readsFilesAlone: false,
    read,
    transaction: spec.transaction,
    timeouts: spec.timeouts,
    ...(spec.newMigration ? { newMigration: spec.newMigration } : {}),
  };
}
