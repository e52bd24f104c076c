// Findings sized by the stats file: a lock finding on an existing table the stats know names the
// table's rows and size and how long the blocking part lasts; under stats.smallTable an error
// becomes a warning that says why; large-table-rewrite stands in only where no other finding
// already names the table.
import type { Finding, FindingTable } from '../types.js';
import type { TableRisk } from './risk.js';
import { durationText, sizeText } from './wording.js';

/** Rules whose finding is about the time a lock is held while the table is scanned, rewritten or indexed. */
export const SIZE_SENSITIVE_RULES: ReadonlySet<string> = new Set([
  'adding-auto-increment-column',
  'adding-constrained-domain-column',
  'adding-field-with-default',
  'adding-foreign-key-constraint',
  'adding-not-nullable-field',
  'adding-serial-primary-key-field',
  'adding-stored-generated-column',
  'attach-partition-without-check',
  'backfill-in-ddl-transaction',
  'ban-exclusion-constraint',
  'changing-column-type',
  'constraint-missing-not-valid',
  'disallowed-unique-constraint',
  'long-lock-hold',
  'require-concurrent-index-creation',
  'require-concurrent-reindex',
  'require-concurrent-refresh',
  'rewriting-table-option',
]);

export const LARGE_TABLE_REWRITE = 'large-table-rewrite';

function tableFigures(risk: TableRisk): FindingTable {
  return { name: risk.table, rows: risk.rows, bytes: risk.totalBytes, operation: risk.operation, estimateSeconds: { low: risk.estimate.low, high: risk.estimate.high } };
}

/** The table as the finding's message names it: without "public.", as the statement most likely did. */
export function tableLabel(risk: TableRisk): string {
  return risk.table.startsWith('public.') ? risk.table.slice('public.'.length) : risk.table;
}

function sizedMessage(finding: Finding, risk: TableRisk, allSmall: boolean): Finding {
  const label = tableLabel(risk);
  const size = risk.size === 'large' ? `${label} (a large table)` : label;
  const base = `${finding.message.replace(/\.$/, '')} — ${sizeText(risk, size)}; ${durationText(risk)}`;
  if (allSmall && finding.severity === 'error') {
    return { ...finding, severity: 'warning', message: `${base}; a warning, not an error: ${label} is under stats.smallTable.`, table: tableFigures(risk) };
  }
  return { ...finding, message: `${base}.`, table: tableFigures(risk) };
}

/**
 * `risksOf(statement)`: the risks of a statement of the section (index in the section). Returns
 * the findings with sizes added, severities lowered for small tables, and redundant
 * large-table-rewrite findings left out.
 */
export function sizeFindings(findings: readonly Finding[], risksOf: (statement: number) => readonly TableRisk[]): Finding[] {
  const named = new Set<number>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const risks = finding.statement >= 0 && SIZE_SENSITIVE_RULES.has(finding.ruleId) ? risksOf(finding.statement) : [];
    if (risks.length === 0) {
      out.push(finding);
      continue;
    }
    named.add(finding.statement);
    out.push(sizedMessage(finding, risks[0]!, risks.every((r) => r.size === 'small')));
  }
  return out.filter((f) => f.ruleId !== LARGE_TABLE_REWRITE || !named.has(f.statement));
}
