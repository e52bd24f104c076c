// verify(): replay the migration set on throwaway databases and report, as findings, every up
// that fails, every down that does not restore the schema, every up that is not repeatable.
// Values in, values out: never prints.
import { VerifyError } from './errors.js';
import { ormRefusal } from '../hosts/section.js';
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { compareFindings, findingCounts, lint, setDirectory, type LintResult, type MigrationAnalysis } from '../lint.js';
import type { Finding } from '../types.js';
import { FindingSink } from './findings.js';
import type { VerifyEvent, VerifyResult } from './types.js';
import { verifyGroup } from './verify-group.js';
import { groupBy } from '../group.js';

export interface VerifyOptions {
  cwd: string;
  config: ResolvedConfig;
  /** Files, directories or globs (default: the config's migrations). */
  paths?: string[];
  /** Verify on this server, in a database created and dropped for the run (default: PGlite). */
  shadowUrl?: string;
  /** SQL run on each empty database before the first migration. */
  setupSql?: string;
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: VerifyEvent) => void;
  /** An analysis already made (the apply engine's), instead of linting again. */
  lintResult?: LintResult;
}

export function groupBySetDirectory(migrations: readonly MigrationAnalysis[]): Map<string, MigrationAnalysis[]> {
  return groupBy(migrations, (m) => setDirectory(m.migration));
}

export async function verify(opts: VerifyOptions): Promise<VerifyResult> {
  const result = opts.lintResult ?? (await lint({ cwd: opts.cwd, config: opts.config, ...(opts.paths?.length ? { paths: opts.paths } : {}) }));
  const orm = ormRefusal(result.set.migrations, (f) => result.set.files.get(f)?.relPath ?? f);
  if (orm) throw new VerifyError(orm, 2);
  const sink = new FindingSink(result.set, opts.config);
  const display = (file: string) => result.set.files.get(file)?.relPath ?? (path.relative(opts.cwd, file) || file);
  const out: VerifyResult = { findings: [], files: result.set.files, errorCount: 0, warningCount: 0, groups: [], migrations: [], pgVersion: opts.config.pgVersion };
  // A replay server newer than pgVersion applies what pgVersion's server rejects: keep lint's verdict.
  const unsupported: Finding[] = [];
  for (const [dir, migrations] of groupBySetDirectory(result.migrations)) {
    const { group, verdicts } = await verifyGroup({
      directory: path.relative(opts.cwd, dir) || '.',
      migrations,
      sink,
      display,
      ...(opts.shadowUrl ? { shadowUrl: opts.shadowUrl } : {}),
      ...(opts.setupSql ? { setupSql: opts.setupSql } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    });
    out.groups.push(group);
    if (group.major > opts.config.pgVersion) unsupported.push(...migrations.flatMap((m) => m.findings.filter((f) => f.ruleId === 'unsupported-syntax')));
    out.migrations.push(...verdicts);
  }
  sink.applySuppressions(result.migrations.flatMap((m) => (m.down ? [m.up, m.down] : [m.up])));
  out.findings = [...sink.findings, ...unsupported].sort(compareFindings);
  Object.assign(out, findingCounts(out.findings));
  return out;
}
