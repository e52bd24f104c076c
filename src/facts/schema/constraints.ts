// Constraint nodes (CREATE TABLE, ADD CONSTRAINT, column constraints) → constraints and the
// indexes behind PRIMARY KEY / UNIQUE / EXCLUDE, named the way PostgreSQL names them.
import type { Constraint, IndexElem, Node } from '@pgsql/types';
import type { Catalog, ConstraintState, TableState } from './catalog.js';
import type { ForeignKeyTarget } from './model.js';
import { chooseName, indexColumnNames, joinColumnNames, makeObjectName } from './names.js';
import { indexExpressionEvents } from './events.js';
import { stringValues as stringList } from '../node-lists.js';

export interface ConstraintOptions {
  /** The column a column constraint is written on. */
  column?: string;
  /** The table is created by this statement: every constraint is valid from the start. */
  newTable: boolean;
}

/** Distinct columns an expression mentions (last field of each ColumnRef), in order. */
export function mentionedColumns(expr: Node | undefined): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Record<string, unknown>;
    if ('ColumnRef' in node) {
      const last = stringList((node as { ColumnRef: { fields?: Node[] } }).ColumnRef.fields).at(-1);
      if (last !== undefined && !out.includes(last)) out.push(last);
      return;
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(expr);
  return out;
}

/** Columns a CHECK proves NOT NULL: `c IS NOT NULL`, possibly AND-ed with others. */
export function notNullColumns(expr: Node | undefined, out: string[] = []): string[] {
  if (!expr) return out;
  if ('BoolExpr' in expr && expr.BoolExpr.boolop === 'AND_EXPR') {
    for (const arg of expr.BoolExpr.args ?? []) notNullColumns(arg, out);
  } else if ('NullTest' in expr && expr.NullTest.nulltesttype === 'IS_NOT_NULL' && !expr.NullTest.argisrow) {
    const arg = expr.NullTest.arg;
    const last = arg && 'ColumnRef' in arg ? stringList(arg.ColumnRef.fields).at(-1) : undefined;
    if (last !== undefined && !out.includes(last)) out.push(last);
  }
  return out;
}

function foreignKeyTarget(catalog: Catalog, c: Constraint): ForeignKeyTarget {
  const target = catalog.table(c.pktable);
  let columns = stringList(c.pk_attrs);
  if (columns.length === 0 && target) {
    columns = [...target.constraints.values()].find((k) => k.kind === 'primary-key')?.columns.slice() ?? [];
  }
  return {
    schema: target?.schema ?? c.pktable?.schemaname ?? 'public',
    table: target?.name ?? c.pktable?.relname ?? '',
    columns,
  };
}

function add(table: TableState, constraint: ConstraintState): void {
  table.constraints.set(constraint.name, constraint);
}

/** PRIMARY KEY / UNIQUE / EXCLUDE: an index and the constraint it backs. */
function addIndexConstraint(catalog: Catalog, table: TableState, c: Constraint, opts: ConstraintOptions): void {
  const kind = c.contype === 'CONSTR_PRIMARY' ? 'primary-key' : c.contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclusion';
  const existing = c.indexname ? table.indexes.get(c.indexname) : undefined;
  if (c.indexname && !existing) return; // USING INDEX of an index the model does not know
  let columns: (string | null)[];
  let elems: IndexElem[];
  if (existing) {
    columns = existing.columns.slice();
    elems = [];
  } else if (kind === 'exclusion') {
    elems = (c.exclusions ?? []).flatMap((e) => {
      const first = 'List' in e ? e.List.items?.[0] : undefined;
      return first && 'IndexElem' in first ? [first.IndexElem] : [];
    });
    columns = elems.map((e) => e.name ?? null);
  } else {
    const keys = c.keys ? stringList(c.keys) : opts.column !== undefined ? [opts.column] : [];
    elems = keys.map((name) => ({ name }));
    columns = keys;
  }
  if (kind === 'exclusion') catalog.tableEvents?.push(...indexExpressionEvents(`${table.schema}.${table.name}`, elems, c.where_clause));
  const include = stringList(c.including);
  const label = kind === 'primary-key' ? 'pkey' : kind === 'unique' ? 'key' : 'excl';
  const generated = () =>
    chooseName(table.name, kind === 'primary-key' ? undefined : joinColumnNames(indexColumnNames([...elems, ...include.map((name) => ({ name }))])), label, (n) =>
      catalog.relationExists(table.schema, n),
    );
  const name = c.conname ?? existing?.name ?? generated();
  if (existing) {
    if (existing.name !== name) catalog.renameIndex(existing, name);
    existing.unique = existing.unique || kind !== 'exclusion';
    existing.constraint = name;
  } else {
    catalog.addIndex(table, {
      name,
      schema: table.schema,
      columns,
      include,
      unique: kind !== 'exclusion',
      partial: c.where_clause !== undefined,
      method: kind === 'exclusion' ? (c.access_method ?? 'btree') : 'btree',
      valid: true,
      constraint: name,
    });
  }
  const keyColumns = columns.filter((k): k is string => k !== null);
  if (kind === 'primary-key') {
    for (const column of keyColumns) {
      const col = table.columns.get(column);
      if (col) col.notNull = true;
    }
  }
  add(table, { name, kind, columns: keyColumns, validated: true, index: name });
}

/** Adds what a constraint node defines to the table. DEFAULT, NULL, identity and generated are column matters. */
export function addConstraint(catalog: Catalog, table: TableState, c: Constraint, opts: ConstraintOptions): void {
  const validated = opts.newTable || (c.skip_validation !== true && c.is_enforced !== false);
  const taken = (name: string) => table.constraints.has(name);
  switch (c.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      addIndexConstraint(catalog, table, c, opts);
      return;
    case 'CONSTR_FOREIGN': {
      const columns = c.fk_attrs ? stringList(c.fk_attrs) : opts.column !== undefined ? [opts.column] : [];
      const name = c.conname ?? chooseName(table.name, joinColumnNames(columns), 'fkey', taken);
      add(table, { name, kind: 'foreign-key', columns, references: foreignKeyTarget(catalog, c), validated });
      catalog.tableEvents?.push({ event: 'foreign-key-added', table: `${table.schema}.${table.name}`, name });
      return;
    }
    case 'CONSTR_CHECK': {
      const columns = mentionedColumns(c.raw_expr);
      const name = c.conname ?? chooseName(table.name, columns.length === 1 ? columns[0] : undefined, 'check', taken);
      add(table, { name, kind: 'check', columns, validated, notNullColumns: notNullColumns(c.raw_expr) });
      return;
    }
    case 'CONSTR_NOTNULL': {
      const column = opts.column ?? stringList(c.keys)[0];
      const col = column !== undefined ? table.columns.get(column) : undefined;
      // A column's NOT NULL is the column's nullability; only a table constraint is recorded.
      if (opts.column === undefined && column !== undefined) {
        const name = c.conname ?? makeObjectName(table.name, column, 'not_null');
        add(table, { name, kind: 'not-null', columns: [column], validated });
      }
      if (col && validated) col.notNull = true;
      return;
    }
    default:
      return;
  }
}
