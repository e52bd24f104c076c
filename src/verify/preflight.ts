// What keeps a section from running on the throwaway database at all: a statement that does not
// parse (it would be sent incomplete), or an extension PGlite cannot load.
import type { SectionAnalysis } from '../analyse.js';
import type { Span } from '../types.js';
import { pgliteCanLoad } from './extensions.js';
import { rewrittenReason } from '../runners/preprocess/refusal.js';

export interface Blocker {
  span: Span;
  statement: number;
  reason: string;
  /** The extension PGlite lacks, when that is the reason. */
  extension?: string;
}

export function createdExtension(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || !('CreateExtensionStmt' in node)) return undefined;
  const stmt = (node as { CreateExtensionStmt: { extname?: string } }).CreateExtensionStmt;
  return stmt.extname;
}

/** Every extension the sections create. */
export function extensionsCreated(sections: readonly (SectionAnalysis | undefined)[]): Set<string> {
  const names = new Set<string>();
  for (const s of sections) {
    for (const st of s?.statements ?? []) {
      const name = createdExtension(st.node);
      if (name) names.add(name);
    }
  }
  return names;
}

export function blocker(section: SectionAnalysis, database: 'pglite' | 'pg'): Blocker | undefined {
  const error = section.parsed.syntaxErrors[0];
  if (error) {
    return { span: { start: error.offset, end: Math.max(error.offset, error.statementSpan.end) }, statement: -1, reason: `it does not parse (${error.message})` };
  }
  const rewritten = rewrittenReason(section.parsed.source);
  if (rewritten) return { span: section.parsed.source.rewritten?.[0]?.span ?? { start: 0, end: 0 }, statement: -1, reason: rewritten };
  if (database !== 'pglite') return undefined;
  for (const st of section.statements) {
    const name = createdExtension(st.node);
    if (name && !pgliteCanLoad(name)) {
      return {
        span: st.span,
        statement: st.index,
        extension: name,
        reason: `extension "${name}" is not available in PGlite, which loads only plpgsql and the contrib modules it bundles; verify with --shadow-url on a server that has it`,
      };
    }
  }
  return undefined;
}
