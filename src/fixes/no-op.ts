// A fix that leaves its statement doing nothing (`ALTER COLUMN code TYPE varchar(8)` → `TYPE text`
// on a text column, IF NOT EXISTS on something that exists) hides the change the migration meant:
// the original and the fixed statement are replayed on the schema model as it stands before the
// statement, and a fix whose statement changes nothing where the original changed something is
// withheld (src/fix-check.ts).
import type { Node } from '@pgsql/types';
import type { Catalog } from '../facts/schema/catalog.js';
import { replayStatement } from '../facts/schema/replay.js';
import { parseSync } from '../pg-parser.js';
import type { Fix, Span } from '../types.js';

export interface FixedStatement {
  node: Node;
  text: string;
  span: Span;
}

/** The statement's text with the fix's edits applied; undefined when an edit reaches outside it. */
function fixedText(statement: FixedStatement, fix: Fix): string | undefined {
  const { start, end } = statement.span;
  if (fix.edits.some((e) => e.start < start || e.end > end)) return undefined;
  let text = statement.text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start - start) + e.text + text.slice(e.end - start);
  return text;
}

function parsedAlone(text: string): Node | undefined {
  try {
    const stmts = parseSync(text).stmts ?? [];
    return stmts.length === 1 ? (stmts[0].stmt as Node | undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the model changes when `node` is replayed on `catalog` (which is left as it was). */
function changesModel(catalog: Catalog, node: Node): boolean {
  const after = catalog.fork();
  replayStatement(after, node);
  return after.differsFromParent();
}

/** Whether the fixed statement leaves the model as it was while the original changes it. */
export function fixEmptiesStatement(catalog: Catalog, statement: FixedStatement, fix: Fix): boolean {
  const text = fixedText(statement, fix);
  const fixed = text === undefined ? undefined : parsedAlone(text);
  return fixed !== undefined && changesModel(catalog, statement.node) && !changesModel(catalog, fixed);
}
