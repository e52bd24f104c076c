// `apply --verify`: before anything runs, replay the set on a throwaway database and refuse when
// a migration about to run fails verification. The engine calls the hook with what is pending;
// findings of migrations already applied are shown but do not block (as with the lint gate).
import type { ResolvedConfig } from '../config.js';
import type { LintResult, MigrationAnalysis } from '../lint.js';
import type { Finding, SourceText } from '../types.js';
import type { VerifyResult } from './types.js';
import { verify } from './verify.js';

export interface VerifyHookInput {
  result: LintResult;
  /** The migrations about to be applied. */
  pending: readonly MigrationAnalysis[];
}

export type VerifyHook = (input: VerifyHookInput) => Promise<{ errors: number; message: string }>;

export interface VerifyGateOptions {
  cwd: string;
  config: ResolvedConfig;
  shadowUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** Shows the findings (the CLI prints them); `blocking` are those of pending migrations. */
  onFindings?: (findings: readonly Finding[], files: ReadonlyMap<string, SourceText>, blocking: number, result: VerifyResult) => void;
}

function inPending(f: Finding, pending: readonly MigrationAnalysis[]): boolean {
  return pending.some((m) =>
    [m.migration.up, m.migration.down].some((s) => s !== undefined && s.file === f.file && f.span.start >= s.offset && f.span.start <= s.offset + s.text.length),
  );
}

export function verifyGate(opts: VerifyGateOptions): VerifyHook {
  return async ({ result, pending }) => {
    const v = await verify({ cwd: opts.cwd, config: opts.config, lintResult: result, ...(opts.shadowUrl ? { shadowUrl: opts.shadowUrl } : {}), ...(opts.env ? { env: opts.env } : {}) });
    const blocking = v.findings.filter((f) => f.severity === 'error' && !f.suppressed && inPending(f, pending));
    opts.onFindings?.(v.findings, v.files, blocking.length, v);
    const where = v.groups.map((g) => g.database).filter((d, i, all) => all.indexOf(d) === i).join(', ');
    return {
      errors: blocking.length,
      message: `Refusing to run: ${blocking.length} verify error${blocking.length === 1 ? '' : 's'} in the migrations about to run (replayed on ${where || 'a throwaway database'}); nothing was executed. Run \`migrationlint verify\` for details.`,
    };
  };
}
