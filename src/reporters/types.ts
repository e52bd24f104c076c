import type { Finding, SourceText } from '../types.js';

export interface ReportInput {
  findings: readonly Finding[];
  files: ReadonlyMap<string, SourceText>;
}

export interface ReporterOptions {
  cwd: string;
  color: boolean;
  /** Show only errors. */
  quiet?: boolean;
}

export type Reporter = (result: ReportInput, options: ReporterOptions) => string;
