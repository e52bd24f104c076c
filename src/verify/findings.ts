// Findings of the checks only a database can make, placed in the migration file like lint's:
// config severities ('off' drops them), suppression comments honored.
import type { AnalysedStatement, SectionAnalysis } from '../analyse.js';
import { effectiveSeverity, type ResolvedConfig } from '../config.js';
import { applySuppressions, parseSuppressions } from '../suppress.js';
import { lineIndexFor } from '../text.js';
import type { Finding, MigrationSet, Span } from '../types.js';
import { groupBy } from '../group.js';

export interface FindingInput {
  ruleId: string;
  file: string;
  span: Span;
  statement: number;
  message: string;
  help?: string;
}

export class FindingSink {
  readonly findings: Finding[] = [];

  constructor(
    private readonly set: MigrationSet,
    private readonly config: ResolvedConfig,
  ) {}

  add(input: FindingInput): void {
    const severity = effectiveSeverity(this.config, input.ruleId);
    if (!severity) return;
    const text = this.set.files.get(input.file)?.text ?? '';
    const lines = lineIndexFor(this.set.files.get(input.file) ?? { text });
    this.findings.push({
      file: input.file,
      ruleId: input.ruleId,
      severity,
      message: input.message,
      ...(input.help ? { help: input.help } : {}),
      span: input.span,
      start: lines.position(input.span.start),
      end: lines.position(input.span.end),
      statement: input.statement,
    });
  }

  /** Marks findings a `-- migrationlint-ignore` comment covers (with `sections` giving every statement of the files). */
  applySuppressions(sections: readonly SectionAnalysis[]): void {
    const byFile = groupBy(this.findings, (f) => f.file);
    for (const [file, findings] of byFile) {
      const text = this.set.files.get(file)?.text ?? '';
      const suppressions = parseSuppressions(text);
      if (suppressions.length === 0) continue;
      const spans = sections.filter((s) => s.parsed.source.file === file).flatMap((s) => s.statements.map((st) => st.span));
      applySuppressions(text, findings, spans, suppressions);
    }
  }
}

/**
 * The span a PostgreSQL error points at: its `position` (1-based, in characters of the statement
 * text sent) to the end of the word there; else the whole statement.
 */
export function errorSpan(statement: Pick<AnalysedStatement, 'text' | 'span'>, position: string | undefined): Span {
  const n = Number(position);
  if (!position || !Number.isInteger(n) || n < 1) return statement.span;
  let offset = 0;
  let chars = 1;
  for (const ch of statement.text) {
    if (chars === n) break;
    offset += ch.length;
    chars++;
  }
  if (offset >= statement.text.length) return statement.span;
  const word = /^("(?:[^"]|"")*"|[\p{L}\p{N}_$.]+|\S)/u.exec(statement.text.slice(offset));
  const start = statement.span.start + offset;
  return { start, end: Math.min(statement.span.end, start + (word?.[0].length ?? 1)) };
}

/** Where a section-level finding goes: its first statement, or the section's start when it has none. */
export function sectionSpan(section: SectionAnalysis): Span {
  const first = section.statements[0];
  if (first) return first.span;
  const { offset } = section.parsed.source;
  return { start: offset, end: offset };
}
