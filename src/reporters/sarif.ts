// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Locations are relative to the
// repository root (%SRCROOT%) with UTF-16 columns, exactly the positions findings carry.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Fix as SarifFix, Log, Notification, Region, Result, Run } from 'sarif';
import { rules as registry } from '../../rules/index.js';
import type { Finding, SourceText, Span } from '../types.js';
import { lineIndexFor } from '../text.js';
import { printableJson } from '../output-safe.js';
import { VERSION } from '../version.js';
import { INFORMATION_URI, ruleDescriptor } from './sarif-rules.js';
import type { Reporter, ReporterOptions, RunNotification } from './types.js';
import { findingLineHashes } from './line-hash.js';
import type { SetCoverage } from '../hosts/coverage.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** Code scanning rejects a run with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000;

function artifactLocation(file: string, root: string): ArtifactLocation {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(source: SourceText | undefined, span: Span): Region {
  if (!source) return { startLine: 1, startColumn: 1 };
  const lines = lineIndexFor(source);
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function fixOf(f: Finding, source: SourceText | undefined, location: ArtifactLocation): SarifFix[] {
  if (!f.fix || !source) return [];
  return [
    {
      description: { text: f.fix.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: [...f.fix.edits]
            .sort((a, b) => a.start - b.start)
            .map((e) => ({ deletedRegion: region(source, e), insertedContent: { text: e.text } })),
        },
      ],
    },
  ];
}

function notification(n: RunNotification, root: string): Notification {
  return {
    level: n.level,
    message: { text: n.message },
    descriptor: { id: 'configuration' },
    ...(n.file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file, root) } }] } : {}),
  };
}

/** An ORM call whose SQL could not be read statically: not linted, said where. */
function unresolvedNotifications(c: SetCoverage, root: string): Notification[] {
  return c.unresolved.map((u) => ({
    level: 'note',
    message: { text: `SQL not analysed (${u.reason}): the call's SQL is only known when the migration runs` },
    descriptor: { id: 'unresolved-sql' },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, root), region: { startLine: u.start.line, startColumn: u.start.column } } }],
  }));
}

function setCoverageJson(c: SetCoverage, root: string) {
  return { directory: relative(root, c.directory).split(sep).join('/') || '.', resolved: c.resolved, total: c.total, unresolved: c.unresolved.length, dynamicValues: c.dynamicValues.length };
}

/**
 * The findings a run can carry: suppressed ones only when asked (code scanning ignores SARIF
 * suppressions and would open an alert for each), and at most MAX_RESULTS_PER_RUN, errors first,
 * in their original order; `dropped` counts what the cap left out.
 */
function reportedFindings(findings: readonly Finding[], options: ReporterOptions): { kept: Finding[]; dropped: { errors: number; warnings: number } } {
  const candidates = findings.filter((f) => (!options.quiet || f.severity === 'error') && (!f.suppressed || options.sarifIncludeSuppressed));
  if (candidates.length <= MAX_RESULTS_PER_RUN) return { kept: candidates, dropped: { errors: 0, warnings: 0 } };
  const errors = candidates.filter((f) => f.severity === 'error');
  const warnings = candidates.filter((f) => f.severity !== 'error');
  const chosen = new Set([...errors, ...warnings].slice(0, MAX_RESULTS_PER_RUN));
  const keptErrors = Math.min(errors.length, MAX_RESULTS_PER_RUN);
  const keptWarnings = MAX_RESULTS_PER_RUN - keptErrors;
  return { kept: candidates.filter((f) => chosen.has(f)), dropped: { errors: errors.length - keptErrors, warnings: warnings.length - keptWarnings } };
}

function droppedNotification(dropped: { errors: number; warnings: number }): Notification | undefined {
  const total = dropped.errors + dropped.warnings;
  if (total === 0) return undefined;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    level: 'warning',
    message: {
      text: `${plural(total, 'result')} left out (${plural(dropped.errors, 'error')}, ${plural(dropped.warnings, 'warning')}): GitHub code scanning rejects a run with more than ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} results, so the first ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} are kept, errors first. Lint fewer migrations per run (paths, --changed-since) or turn noisy rules off.`,
    },
    descriptor: { id: 'result-limit' },
  };
}

export function sarifLog(input: Parameters<Reporter>[0], options: ReporterOptions): Log {
  const root = options.root ?? options.cwd;
  const rules = [...(input.rules ?? registry).values()];
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const { kept, dropped } = reportedFindings(input.findings, options);
  const hashes = findingLineHashes(kept, input.files);
  const results: Result[] = kept.map((f) => {
    const source = input.files.get(f.file);
    const location = artifactLocation(f.file, root);
    const index = ruleIndex.get(f.ruleId);
    const fixes = fixOf(f, source, location);
    const hash = hashes.get(f);
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: f.severity,
      message: { text: f.help ? `${f.message}\nHelp: ${f.help}` : f.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(source, f.span) } }],
      ...(hash ? { partialFingerprints: { primaryLocationLineHash: hash } } : {}),
      ...(f.suppressed ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }] } : {}),
      ...(fixes.length > 0 ? { fixes } : {}),
      // With a stats file: the blocked table's rows, bytes and estimated duration (docs/stats.md).
      ...(f.table ? { properties: { table: f.table } } : {}),
    };
  });
  const notifications = (input.notifications ?? []).map((n) => notification(n, root));
  const capped = droppedNotification(dropped);
  const coverage = input.coverage ?? [];
  const execution = [...(capped ? [capped] : []), ...coverage.flatMap((c) => unresolvedNotifications(c, root))];
  const run: Run = {
    tool: {
      driver: {
        name: 'migrationlint',
        version: options.version ?? VERSION,
        semanticVersion: options.version ?? VERSION,
        informationUri: INFORMATION_URI,
        rules: rules.map(ruleDescriptor),
      },
    },
    ...(options.sarifCategory ? { automationDetails: { id: automationId(options.sarifCategory) } } : {}),
    invocations: [
      {
        executionSuccessful: !(input.notifications ?? []).some((n) => n.level === 'error'),
        ...(notifications.length > 0 ? { toolConfigurationNotifications: notifications } : {}),
        ...(execution.length > 0 ? { toolExecutionNotifications: execution } : {}),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href } },
    columnKind: 'utf16CodeUnits',
    results,
    ...(coverage.length > 0 ? { properties: { coverage: coverage.map((c) => setCoverageJson(c, root)) } } : {}),
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

/**
 * `runAutomationDetails.id` for a category: code scanning reads the part before the last `/` as
 * the category (an id without one has no category at all), so `migrations` becomes `migrations/`,
 * as `codeql database analyze --sarif-category` writes it.
 */
export function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

export const sarif: Reporter = (input, options) => `${printableJson(JSON.stringify(sarifLog(input, options), null, 2))}\n`;
