// trace(): run one migration on a throwaway database after replaying its predecessors, statement
// by statement, and record per statement the locks it takes on relations that existed before it,
// rewrites, validations and duration; every difference from the static lock table is a
// `lock-table-mismatch` finding. Values in, values out: never prints.
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { lint, type MigrationAnalysis } from '../lint.js';
import { lineIndexFor } from '../text.js';
import type { Finding, SourceText, TransactionMode } from '../types.js';
import { VerifyError } from './errors.js';
import { FindingSink } from './findings.js';
import { blocker, extensionsCreated } from './preflight.js';
import { groupOf, replayUps } from './replay.js';
import { openThrowaway } from './throwaway.js';
import { relations } from './trace-observe.js';
import { traceSection, type TracedStatement } from './trace-run.js';
import { runSetup } from './verify-group.js';
import { hasBlockingWork, liveRisks, tracedEstimate, type TracedEstimate } from './trace-estimates.js';
import type { TableRisk } from '../stats/risk.js';

export interface TraceOptions {
  cwd: string;
  config: ResolvedConfig;
  /** A migration file (its up, or its down when the file is the down file) or a version. */
  target: string;
  /** Trace the down (after the up) instead of the up. */
  down?: boolean;
  shadowUrl?: string;
  setupSql?: string;
  env?: NodeJS.ProcessEnv;
}

export interface TraceResult {
  version: string;
  name: string;
  section: 'up' | 'down';
  /** Display path of the traced file. */
  file: string;
  database: string;
  transaction: TransactionMode;
  /** Migrations replayed before it. */
  replayed: number;
  replayMs: number;
  /** `estimate`: for a statement holding a lock for work the duration model knows, on a table of the throwaway database. */
  statements: Array<TracedStatement & { line: number; text: string; estimate?: TracedEstimate }>;
  failed?: { statement: number; error: string };
  findings: Finding[];
  files: ReadonlyMap<string, SourceText>;
}

function findMigration(migrations: readonly MigrationAnalysis[], cwd: string, target: string, down: boolean): { m: MigrationAnalysis; section: 'up' | 'down' } {
  const file = path.resolve(cwd, target);
  const inFile = migrations.filter((m) => m.migration.up.file === file || m.migration.down?.file === file);
  if (inFile.length > 1) throw new VerifyError(`${target} holds ${inFile.length} migrations: name one by its version`, 2);
  if (inFile.length === 1) {
    const m = inFile[0]!;
    const isDownFile = m.migration.down?.file === file && m.migration.up.file !== file;
    return { m, section: down || isDownFile ? 'down' : 'up' };
  }
  const byVersion = migrations.filter((m) => m.migration.version === target);
  if (byVersion.length === 0) throw new VerifyError(`${target}: no migration file or version of the set`, 2);
  if (byVersion.length > 1) throw new VerifyError(`${target}: several migrations share this version`, 2);
  return { m: byVersion[0]!, section: down ? 'down' : 'up' };
}

export async function trace(opts: TraceOptions): Promise<TraceResult> {
  const result = await lint({ cwd: opts.cwd, config: opts.config });
  const { m, section: which } = findMigration(result.migrations, opts.cwd, opts.target, opts.down === true);
  const section = which === 'up' ? m.up : m.down;
  if (!section) throw new VerifyError(`${m.migration.version} ${m.migration.name} has no down migration`, 2);
  const group = groupOf(result, m.migration.version);
  const index = group.indexOf(m);
  const upTo = which === 'down' ? index : index - 1;
  const t = await openThrowaway({
    ...(opts.shadowUrl ? { shadowUrl: opts.shadowUrl } : {}),
    extensions: extensionsCreated(group.slice(0, index + 1).flatMap((g) => [g.up, g === m ? m.down : undefined])),
    ...(opts.env ? { env: opts.env } : {}),
  });
  try {
    const blocked = blocker(section, t.kind);
    if (blocked) throw new VerifyError(`cannot trace ${m.migration.version} on ${t.description}: ${blocked.reason}`, 1);
    await runSetup(t, opts.setupSql);
    const r0 = performance.now();
    await replayUps(t, group, { from: 0, to: upTo });
    const replayMs = performance.now() - r0;
    const pre = await relations(t.db);
    const pick = (ms: readonly MigrationAnalysis[]) => {
      const again = ms.find((x) => x.migration.id === m.migration.id && x.migration.up.file === m.migration.up.file);
      return which === 'up' ? again?.up : again?.down;
    };
    // The estimates are an addition to the trace: a database that cannot give its sizes (an old PGlite) traces without them.
    const risks = hasBlockingWork(section) ? await liveRisks(t.db, opts.cwd, opts.config, pick).catch(() => new Map<number, readonly TableRisk[]>()) : new Map<number, readonly TableRisk[]>();
    const traced = await traceSection(t, section, pre);
    const files = result.set.files;
    const lines = lineIndexFor(files.get(section.parsed.source.file) ?? { text: '' });
    const sink = new FindingSink(result.set, opts.config);
    const statements = traced.statements.map((ts) => {
      const s = section.statements[ts.index]!;
      if (ts.differences.length > 0) {
        sink.add({
          ruleId: 'lock-table-mismatch',
          file: section.parsed.source.file,
          span: s.span,
          statement: s.index,
          message: `Traced on ${t.description}, this statement differs from the static lock table: ${ts.differences.join('; ')}.`,
          help: 'Plan for what the database really does; if the static table is wrong, report it so the lock rules can be fixed.',
        });
      }
      const estimate = ts.error ? undefined : tracedEstimate(risks.get(ts.index)?.[0], ts.durationMs);
      return { ...ts, line: lines.position(s.span.start).line, text: s.text, ...(estimate ? { estimate } : {}) };
    });
    sink.applySuppressions([section]);
    return {
      version: m.migration.version,
      name: m.migration.name,
      section: which,
      file: files.get(section.parsed.source.file)?.relPath ?? section.parsed.source.file,
      database: t.description,
      transaction: section.transaction,
      replayed: upTo + 1,
      replayMs,
      statements,
      ...(traced.failed ? { failed: traced.failed } : {}),
      findings: sink.findings,
      files,
    };
  } finally {
    await t.close();
  }
}
