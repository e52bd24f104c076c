// A fix that leaves its statement doing nothing (`ALTER COLUMN code TYPE varchar(8)` → `TYPE text`
// on a text column, IF NOT EXISTS on something that exists) hides the change the migration meant:
// the original and the fixed statement are replayed on the schema model as it stands before the
// statement, and a fix whose statement changes nothing where the original changed something is
// withheld (src/fix-check.ts).
import type { CreateStmt, Node } from '@pgsql/types';
import type { Catalog } from '../facts/schema/catalog.js';
import { DEFAULT_SCHEMA } from '../facts/schema/namespace.js';
import { replayStatement } from '../facts/schema/replay.js';
import { withEdits } from '../fix.js';
import { parseSync } from '../pg-parser.js';
import type { Finding, Fix, Span } from '../types.js';

export interface FixedStatement {
  node: Node;
  text: string;
  span: Span;
}

/** The statement's text with the fix's edits applied as `lint --fix` applies them; undefined when an edit reaches outside it. */
export function fixedText(statement: FixedStatement, fix: Fix): string | undefined {
  const { start, end } = statement.span;
  if (fix.edits.some((e) => e.start < start || e.end > end)) return undefined;
  return withEdits(
    statement.text,
    fix.edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start })),
  );
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

/**
 * Where the fixed statement still creates a table the model has not got, whatever the fix: the
 * CREATE TABLE of a persistent table absent from `catalog`, with every edit at or after its first
 * element. The text before that element (`CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name [OF type |
 * PARTITION OF parent] (`) stays as it is, and any single statement it starts is a CREATE TABLE (or
 * CREATE TABLE … AS) of that table, which the replay adds to the model (replayCreateTable,
 * replayCreateTableAs): it changes the model, so the fix cannot empty it — known without a parse.
 */
function stillCreatesNewTable(catalog: Catalog, node: Node, fix: Fix, offsetOf: (location: number) => number): boolean {
  if (!('CreateStmt' in node)) return false;
  const rel = node.CreateStmt.relation;
  if (!rel?.relname || rel.relpersistence === 't') return false;
  if (catalog.relationExists(rel.schemaname ?? catalog.searchPath[0] ?? DEFAULT_SCHEMA, rel.relname)) return false;
  const first = firstElementLocation(node.CreateStmt);
  if (first === undefined) return false;
  const from = offsetOf(first);
  return fix.edits.every((e) => e.start >= from);
}

function firstElementLocation(stmt: CreateStmt): number | undefined {
  const first = stmt.tableElts?.[0];
  if (!first) return undefined;
  if ('ColumnDef' in first) return first.ColumnDef.location;
  if ('Constraint' in first) return first.Constraint.location;
  return undefined;
}

/**
 * Marks the fixes of one statement's findings (Fix.emptiesStatement) whose fixed statement would
 * leave `catalog`, the model before the statement, as it was while the original changes it.
 * `offsetOf` maps the statement's node locations to file offsets. The fixed statement is tried
 * first: it changes the model for nearly every fix, and then the original needs no replay.
 */
export function markEmptyingFixes(findings: readonly Finding[], catalog: Catalog, statement: FixedStatement, offsetOf: (location: number) => number): void {
  let originalChanges: boolean | undefined;
  for (const { fix } of findings) {
    if (!fix || fix.edits.length === 0 || stillCreatesNewTable(catalog, statement.node, fix, offsetOf)) continue;
    const text = fixedText(statement, fix);
    const fixed = text === undefined ? undefined : parsedAlone(text);
    if (fixed === undefined || changesModel(catalog, fixed)) continue;
    originalChanges ??= changesModel(catalog, statement.node);
    if (originalChanges) fix.emptiesStatement = true;
  }
}
