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
