// GitLab Code Quality (artifacts:reports:codequality): the subset of the Code Climate spec GitLab
// reads — description, check_name, fingerprint, severity, location.path (relative to the
// repository root) and location.lines.begin. https://docs.gitlab.com/ci/testing/code_quality/
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import type { Finding, SourceText } from '../types.js';
import { groupBy } from '../group.js';
import { printableJson } from '../output-safe.js';
import { findingLineHashes } from './line-hash.js';
import type { Reporter } from './types.js';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number; end: number } };
}

// node:crypto is required when a GitLab report is made, not imported: every lint run would load it.
const md5 = (text: string) => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('md5').update(text).digest('hex');

/** As ESLint's and most linters' GitLab formatters: errors are major, warnings minor. */
const SEVERITY = { error: 'major', warning: 'minor' } as const;

/**
 * GitLab shows findings with the same fingerprint once, and compares them between the source and
 * the target branch: the rule, the path and the content of the finding's line (its hash counted
 * per file, as code scanning's line hash), never the line number, so an unchanged finding below
 * an edit stays the same finding.
 */
function fingerprints(findings: readonly Finding[], files: ReadonlyMap<string, SourceText>, pathOf: (f: Finding) => string): Map<Finding, string> {
  const out = new Map<Finding, string>();
  const hashes = findingLineHashes(findings, files);
  for (const inFile of groupBy(findings, (f) => f.file).values()) {
    const seen = new Map<string, number>();
    for (const f of inFile) {
      const key = `${f.ruleId}\0${pathOf(f)}\0${hashes.get(f) ?? f.start.line}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      out.set(f, md5(`${key}\0${n}`));
    }
  }
  return out;
}

export const gitlab: Reporter = (input, options) => {
  const root = options.root ?? options.cwd;
  const pathOf = (f: Finding) => relative(root, f.file).split(sep).join('/') || f.file;
  const shown = input.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const prints = fingerprints(shown, input.files, pathOf);
  const issues: CodeQualityIssue[] = shown.map((f) => ({
    description: f.help ? `${f.message} ${f.help}` : f.message,
    check_name: f.ruleId,
    fingerprint: prints.get(f) ?? '',
    severity: SEVERITY[f.severity],
    location: { path: pathOf(f), lines: { begin: f.start.line, end: f.end.line } },
  }));
  return `${printableJson(JSON.stringify(issues, null, 2))}\n`;
};
