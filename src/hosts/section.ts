// A section analysed as the SQL an ORM migration's calls send → the same analysis in host file
// coordinates: findings and statement spans where the calls (or the literals) are.
import type { SectionAnalysis } from '../analyse.js';
import { lineIndexFor } from '../text.js';
import type { Migration, SectionHost, SectionSource, Span } from '../types.js';
import { hostFinding, hostSpan } from './map.js';

export function inHostFile(analysis: SectionAnalysis, host: SectionHost, sql: string, file: { text: string }): SectionAnalysis {
  const lines = lineIndexFor(file);
  return {
    ...analysis,
    findings: analysis.findings.map((f) => hostFinding(f, host, sql, file.text, lines)),
    statements: analysis.statements.map((s) => ({ ...s, span: hostSpan(host, s.span) })),
  };
}

/** The sections of each ORM migration file (none for a set of SQL files). */
export function sectionsOfHostFiles(migrations: readonly Migration[]): Map<string, SectionSource[]> {
  const byFile = new Map<string, SectionSource[]>();
  for (const m of migrations) {
    for (const section of [m.up, m.down]) {
      if (!section?.host) continue;
      const list = byFile.get(section.file) ?? [];
      list.push(section);
      byFile.set(section.file, list);
    }
  }
  return byFile;
}

/** Why apply and verify refuse a set: they run SQL files, and ORM migrations are run by their ORM. Undefined for SQL sets. */
export function ormRefusal(migrations: readonly Migration[], relPath: (file: string) => string): string | undefined {
  const orm = migrations.filter((m) => m.up.host);
  if (orm.length === 0) return undefined;
  const shown = orm.slice(0, 3).map((m) => relPath(m.up.file)).join(', ') + (orm.length > 3 ? ` and ${orm.length - 3} more` : '');
  return `${shown}: ORM migrations (${[...new Set(orm.map((m) => m.runner))].join(', ')}) are run by their ORM; migrationlint lints them, but apply and verify run SQL migration files only`;
}

/** The call (or literal) of an ORM migration file that holds an offset: where a host comment about it goes. */
export function callAt(migrations: readonly Migration[], file: string, offset: number): Span | undefined {
  for (const m of migrations) {
    for (const section of [m.up, m.down]) {
      if (section?.file !== file || !section.host) continue;
      const segment = section.host.segments.find((s) => s.span.start <= offset && offset <= s.span.end);
      if (segment) return segment.span;
    }
  }
  return undefined;
}
