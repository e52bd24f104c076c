import type { ExplainedSection } from '../cli-explain.js';
import type { AnyRule } from '../rule.js';
import type { Finding, SourceText } from '../types.js';
import type { SetCoverage } from '../hosts/coverage.js';

/** A problem of the run itself rather than of a file (a bad config, a path that matches nothing). */
export interface RunNotification {
  level: 'error' | 'warning';
  message: string;
  /** Absolute path of the file the problem is in (the config file), when known. */
  file?: string;
}

export interface ReportInput {
  findings: readonly Finding[];
  files: ReadonlyMap<string, SourceText>;
  /** The rule registry (SARIF `tool.driver.rules`); default: every registered rule. */
  rules?: ReadonlyMap<string, AnyRule>;
  /** Problems that stopped the run; SARIF reports them as notifications. */
  notifications?: readonly RunNotification[];
  /** Per set of ORM migrations: the SQL operations read statically, and where the others are. */
  coverage?: readonly SetCoverage[];
  /** Per migration section of the reported files, its statements and their locks (the markdown summary). */
  sections?: readonly ExplainedSection[];
}

export interface ReporterOptions {
  cwd: string;
  color: boolean;
  /** Show only errors. */
  quiet?: boolean;
  /** Repository root: SARIF URIs (%SRCROOT%) and GitHub annotation paths are relative to it. Default: cwd. */
  root?: string;
  /** The tool version SARIF records; default: the package version. */
  version?: string;
  /** SARIF: the code scanning category (`runAutomationDetails.id`). */
  sarifCategory?: string;
  /** SARIF: keep suppressed findings, marked with `suppressions` (code scanning shows them as open alerts). */
  sarifIncludeSuppressed?: boolean;
}

export type Reporter = (result: ReportInput, options: ReporterOptions) => string;
