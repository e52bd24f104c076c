import type { AnyRule } from '../rule.js';
import type { Finding, SourceText } from '../types.js';

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
}

export type Reporter = (result: ReportInput, options: ReporterOptions) => string;
