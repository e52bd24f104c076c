// Public API: what library users import. Values in, values out; nothing here prints.
export { lint, analyseSet, type LintOptions, type LintResult, type MigrationAnalysis, type SectionAnalysis, type AnalysedStatement } from './lint.js';
export { loadConfig, resolveConfig, findConfig, ConfigError, type ResolvedConfig } from './config.js';
export { discover, migrationsFromFile, DiscoveryError } from './discover.js';
export { loadParser, parseSection } from './parse.js';
export { reporters, type Reporter, type ReporterOptions, type ReportInput } from './reporters/index.js';
export { rules } from '../rules/index.js';
export { defineRule, type Rule, type RuleMeta, type RuleContext, type Visitor } from './rule.js';
export { applyFixes } from './fix.js';
export { VERSION } from './version.js';
export type * from './types.js';
export {
  apply,
  down,
  status,
  resolve,
  type ApplyOptions,
  type DownOptions,
  type EngineOptions,
  type RunOutcome,
  type StatusReport,
  type ResolveOptions,
  type ResolveOutcome,
} from './apply/engine.js';
export type { ApplyEvent, PlannedMigration } from './apply/events.js';
export { verify, type VerifyOptions } from './verify/verify.js';
export type { VerifyResult, MigrationVerdict, GroupResult } from './verify/types.js';
export { verifyGate } from './verify/apply-gate.js';
export { trace, type TraceOptions, type TraceResult } from './verify/trace.js';
export { schemaDiff, parsePoint, type DiffOptions, type DiffResult } from './verify/diff.js';
export { liveReport, type LiveReport } from './verify/report.js';
