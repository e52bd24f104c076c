// A section replayed into the schema model only, without facts for rules or rules: what a
// migration after the last reported one contributes (the indexes it creates, src/later-indexes.ts).
import { Catalog, DEFAULT_SEARCH_PATH, replayStatement } from './facts/schema/index.js';
import { sectionNestedStatements } from './parse-do.js';
import type { ParsedSection } from './types.js';

/** The catalog advances exactly as analyseSection advances it. */
export function replaySection(parsed: ParsedSection, catalog: Catalog): void {
  catalog.searchPath = DEFAULT_SEARCH_PATH;
  const nested = sectionNestedStatements(parsed.statements);
  for (const statement of parsed.statements) {
    replayStatement(catalog, statement.node);
    for (const inner of nested.get(statement.index) ?? []) replayStatement(catalog, inner.node);
  }
}
