// The lint gate: which findings concern the sections about to run, and whether they block.
// A finding is accepted only by a suppression comment that gives a reason.
import type { LintResult, MigrationAnalysis } from '../lint.js';
import type { Finding, Migration, SectionSource } from '../types.js';

export interface GateSection {
  analysis: MigrationAnalysis;
  section: 'up' | 'down';
}

export interface GateResult {
  /** Findings of the sections (and of their files outside every section) that still count. */
  findings: Finding[];
  errors: number;
  warnings: number;
}

function within(f: Finding, s: SectionSource): boolean {
  return f.file === s.file && f.span.start >= s.offset && f.span.start <= s.offset + s.text.length;
}

function sectionsOf(m: Migration): SectionSource[] {
  return m.down ? [m.up, m.down] : [m.up];
}

/** Suppressed with a reason: accepted. An error suppressed without one still blocks apply. */
function counted(f: Finding): Finding | undefined {
  if (!f.suppressed) return f;
  if (f.severity === 'error' && !f.suppressed.reason) {
    const { suppressed: _dropped, ...rest } = f;
    return { ...rest, message: `${f.message} (suppressed without a reason; apply accepts a suppression only with "-- reason")` };
  }
  return undefined;
}

/**
 * A finding concerns a section when it lies inside it, or lies in the section's file outside
 * every migration's sections (file-level problems: headers, markers, metadata).
 * `includeStrayFiles`: also error findings of files that hold no migration at all.
 */
export function gate(result: LintResult, run: readonly GateSection[], opts: { includeStrayFiles: boolean }): GateResult {
  const allSections = result.set.migrations.flatMap(sectionsOf);
  const picked = new Set<Finding>();
  for (const { analysis, section } of run) {
    const source = analysis.migration[section];
    if (!source) continue;
    for (const f of result.findings) {
      if (within(f, source)) picked.add(f);
      else if (f.file === source.file && !allSections.some((s) => within(f, s))) picked.add(f);
    }
  }
  if (opts.includeStrayFiles) {
    const migrationFiles = new Set(allSections.map((s) => s.file));
    for (const f of result.findings) if (f.severity === 'error' && !migrationFiles.has(f.file)) picked.add(f);
  }
  const findings = result.findings.filter((f) => picked.has(f)).flatMap((f) => counted(f) ?? []);
  let errors = findings.filter((f) => f.severity === 'error').length;
  // Syntax errors block even if no finding reported them.
  for (const { analysis, section } of run) {
    const a = section === 'up' ? analysis.up : analysis.down;
    if (a && a.parsed.syntaxErrors.length > 0 && !findings.some((f) => f.ruleId === 'syntax-error' && within(f, a.parsed.source))) {
      errors += a.parsed.syntaxErrors.length;
    }
  }
  return { findings, errors, warnings: findings.filter((f) => f.severity === 'warning').length };
}
