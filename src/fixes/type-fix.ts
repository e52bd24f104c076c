// When a column type fix (text, bigint, timestamptz) keeps the migration valid and its intent.
// Withheld when it cannot be sure:
// - ALTER COLUMN … TYPE: the type is the point of the statement; `TYPE varchar(8)` → `TYPE text`
//   would make an intentional change a no-op and hide changing-column-type.
// - a table in an inheritance or partition tree (INHERITS, PARTITION OF/BY, or named by a later
//   ATTACH PARTITION / INHERITS in the file): a child's column must have its parent's type
//   (42804 on ATTACH, 42804 on CREATE … INHERITS with a different type).
// - timestamptz on a table with generated columns or later expression indexes: timestamp →
//   timestamptz makes casts like `ts::date` depend on TimeZone, not immutable (42P17).
// Later migrations of the set are read after the whole set (the finding's typeFixGuard,
// src/fixes/later-type-fix.ts).
import type { ColumnDef, Node } from '@pgsql/types';
import type { DeclaredColumn } from '../facts/column-types.js';
import { tableKey } from '../facts/schema/events.js';
import { typeFixEventsSoFar } from '../later-indexes.js';
import type { ReportDescriptor, RuleContext } from '../rule.js';
import type { Fix } from '../types.js';
import { laterReferences } from './later-references.js';

/** Whether the file names the column's table in `refs` after the current statement (true when the table is unnamed). */
function namedLater(ctx: RuleContext<object>, col: DeclaredColumn, refs: Map<string, number>): boolean {
  const name = col.relation?.relname;
  if (!name) return true;
  return (refs.get(name.toLowerCase()) ?? -1) >= ctx.statement.span.end;
}

function inTree(ctx: RuleContext<object>, col: DeclaredColumn, parent: Node | undefined): boolean {
  if (parent && 'CreateStmt' in parent) {
    const create = parent.CreateStmt;
    if ((create.inhRelations?.length ?? 0) > 0 || create.partbound || create.partspec) return true;
  }
  if (col.relation && ctx.facts.catalog.table(col.relation)?.partitionKey) return true;
  return namedLater(ctx, col, laterReferences(ctx.fileText).inTree);
}

function feedsExpression(ctx: RuleContext<object>, col: DeclaredColumn, parent: Node | undefined): boolean {
  const sameStatement = parent && 'CreateStmt' in parent ? parent.CreateStmt.tableElts ?? [] : [];
  const generated = sameStatement.some((e) => 'ColumnDef' in e && hasGenerated(e.ColumnDef));
  if (generated) return true;
  return namedLater(ctx, col, laterReferences(ctx.fileText).inExpression);
}

function hasGenerated(def: ColumnDef): boolean {
  return (def.constraints ?? []).some((c) => 'Constraint' in c && c.Constraint.contype === 'CONSTR_GENERATED');
}

function typeFixAllowed(ctx: RuleContext<object>, col: DeclaredColumn, ancestors: readonly Node[], timeZone: boolean): boolean {
  if (ctx.statement.nested || col.place === 'alter-type') return false;
  const parent = ancestors[ancestors.length - 1];
  if (inTree(ctx, col, parent)) return false;
  if (timeZone && feedsExpression(ctx, col, parent)) return false;
  return true;
}

/**
 * The report's fix when the file allows it, with the guard later migrations are checked against.
 * `timeZone`: the fix makes the column timestamptz.
 */
export function typeFix(ctx: RuleContext<object>, col: DeclaredColumn, ancestors: readonly Node[], fix: Fix, timeZone = false): Pick<ReportDescriptor, 'fix' | 'typeFixGuard'> {
  if (!typeFixAllowed(ctx, col, ancestors, timeZone)) return {};
  const { catalog } = ctx.facts;
  // CREATE TABLE makes its table in the first schema of the search_path, whatever others hold one of that name.
  const created = col.place === 'create-table' && col.relation?.relname ? `${col.relation.schemaname ?? catalog.searchPath[0] ?? 'public'}.${col.relation.relname}` : undefined;
  const table = created ?? tableKey(catalog, col.relation);
  const eventsBefore = typeFixEventsSoFar(catalog);
  return table ? { fix, typeFixGuard: { table, column: col.column, ...(timeZone ? { immutable: true } : {}), ...(eventsBefore !== undefined ? { eventsBefore } : {}) } } : { fix };
}
