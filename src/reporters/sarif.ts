// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Locations are relative to the
// repository root (%SRCROOT%) with UTF-16 columns, exactly the positions findings carry.
import { createRequire } from 'node:module';
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

// node:crypto (some twenty internal modules) is required when a SARIF report is made, not
// imported: every lint run would load it at start-up.
const crypto = (): typeof import('node:crypto') => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints` (versioned: a new algorithm gets a new key). */
export const FINGERPRINT_KEY = 'migrationlintFinding/v1';

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

/**
 * A fingerprint that survives lines inserted above the finding: the rule, the file and the
 * finding's own text with whitespace collapsed, numbered when the same text repeats in a file.
 */
function fingerprints(findings: readonly Finding[], files: ReadonlyMap<string, SourceText>, uriOf: (f: Finding) => string): Map<Finding, string> {
  const out = new Map<Finding, string>();
  const seen = new Map<string, number>();
  const { createHash } = crypto();
  for (const f of findings) {
    const text = files.get(f.file)?.text.slice(f.span.start, f.span.end).replace(/\s+/g, ' ').trim() ?? '';
    const hash = createHash('sha256').update(`${f.ruleId}\0${uriOf(f)}\0${text || f.message}`).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    out.set(f, `${hash}:${n}`);
  }
  return out;
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

export function sarifLog(input: Parameters<Reporter>[0], options: ReporterOptions): Log {
  const root = options.root ?? options.cwd;
  const rules = [...(input.rules ?? registry).values()];
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const shown = input.findings.filter((f) => !options.quiet || f.severity === 'error');
  const uriOf = (f: Finding) => artifactLocation(f.file, root).uri ?? f.file;
  const prints = fingerprints(shown, input.files, uriOf);
  const results: Result[] = shown.map((f) => {
    const source = input.files.get(f.file);
    const location = artifactLocation(f.file, root);
    const index = ruleIndex.get(f.ruleId);
    const fixes = fixOf(f, source, location);
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: f.severity,
      message: { text: f.help ? `${f.message}\nHelp: ${f.help}` : f.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(source, f.span) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: prints.get(f) ?? '' },
      ...(f.suppressed ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }] } : {}),
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  });
  const notifications = (input.notifications ?? []).map((n) => notification(n, root));
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
    invocations: [
      {
        executionSuccessful: !(input.notifications ?? []).some((n) => n.level === 'error'),
        ...(notifications.length > 0 ? { toolConfigurationNotifications: notifications } : {}),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href } },
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

export const sarif: Reporter = (input, options) => `${printableJson(JSON.stringify(sarifLog(input, options), null, 2))}\n`;
