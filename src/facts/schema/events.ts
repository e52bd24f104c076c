// What replay reports while a migration is recorded (Catalog.tableEvents): changes a pass after
// the whole set needs and the catalog does not keep. Tables are `schema.name` at that moment.
import type { IndexElem, Node, RangeVar } from '@pgsql/types';
import type { CatalogView } from './model.js';
import { DEFAULT_SCHEMA } from './namespace.js';
import { stringValues as stringList } from '../node-lists.js';

/** A table's place in a partition or inheritance tree: its columns must have the other side's types. */
export type TreeEvent = { event: 'joined-tree'; table: string; how: 'attach' | 'inherit' };

/**
 * Columns an expression PostgreSQL stores reads: an index key or a generated column (whose
 * functions must take the columns' types and be immutable), or an index predicate (immutable).
 */
export type ExpressionEvent = { event: 'expression'; table: string; columns: string[]; in: 'index' | 'generated' | 'predicate' };

export type TableEvent =
  | TreeEvent
  | ExpressionEvent
  | { event: 'table-renamed'; table: string; to: string }
  | { event: 'table-dropped'; table: string }
  | { event: 'column-renamed'; table: string; column: string; to: string }
  | { event: 'foreign-key-added'; table: string; name: string }
  | { event: 'foreign-key-dropped'; table: string; name: string };

/** `schema.name` of a table reference: the known table's, else as written in the first schema of the search_path. */
export function tableKey(catalog: CatalogView, ref: RangeVar | undefined): string | undefined {
  if (!ref?.relname) return undefined;
  const known = catalog.table(ref);
  if (known) return `${known.schema}.${known.name}`;
  return `${ref.schemaname ?? catalog.searchPath[0] ?? DEFAULT_SCHEMA}.${ref.relname}`;
}

/** The expression events of an index's keys and predicate (CREATE INDEX, EXCLUDE). */
export function indexExpressionEvents(table: string, keys: readonly IndexElem[], predicate: Node | undefined): ExpressionEvent[] {
  const events: ExpressionEvent[] = [];
  const read = keys.flatMap((k) => (k.expr ? typedColumns(k.expr) : []));
  if (read.length > 0) events.push({ event: 'expression', table, columns: [...new Set(read)], in: 'index' });
  const filtered = typedColumns(predicate);
  if (filtered.length > 0) events.push({ event: 'expression', table, columns: filtered, in: 'predicate' });
  return events;
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const columnOf = (node: Node | undefined) => (node && 'ColumnRef' in node ? stringList(node.ColumnRef.fields).at(-1) : undefined);
const isLiteral = (node: Node | undefined) => node !== undefined && 'A_Const' in node;

/**
 * The columns an expression reads where their type matters: all it mentions but those only tested
 * for NULL or compared with an untyped literal (the literal takes the column's type: still
 * immutable, and valid for any type the fix gives), as in `WHERE deleted_at IS NULL`, and those
 * only used as an array subscript.
 */
export function typedColumns(expr: Node | undefined): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Node;
    if ('NullTest' in node && columnOf(node.NullTest.arg) !== undefined) return;
    if ('A_Expr' in node) {
      const { kind, name, lexpr, rexpr } = node.A_Expr;
      const op = stringList(name).at(-1);
      if (kind === 'AEXPR_OP' && op && COMPARISONS.has(op) && ((columnOf(lexpr) && isLiteral(rexpr)) || (isLiteral(lexpr) && columnOf(rexpr)))) return;
    }
    if ('A_Indirection' in node) {
      // A subscript is coerced to int by assignment (bigint narrows at run time, not at CREATE), so a
      // column only used as one, as in `path_tokens[level]`, keeps any integer type the fix gives.
      visit(node.A_Indirection.arg);
      for (const step of node.A_Indirection.indirection ?? []) {
        if (!('A_Indices' in step)) visit(step);
        else for (const bound of [step.A_Indices.lidx, step.A_Indices.uidx]) if (columnOf(bound) === undefined) visit(bound);
      }
      return;
    }
    const column = columnOf(node);
    if (column !== undefined) {
      out.add(column);
      return;
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(expr);
  return [...out];
}
