// Replay of CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW, CREATE RULE and their DROPs:
// which columns of which tables each view's or rule's query reads. PostgreSQL records those
// dependencies and refuses to change the type of such a column, binary-coercible or not (0A000).
import type { Node, RangeVar, RuleStmt } from '@pgsql/types';
import type { ViewDependency } from './model.js';
import type { Catalog, TableState } from './catalog.js';
import { stringValues as stringList } from '../node-lists.js';
import { DEFAULT_SCHEMA } from './namespace.js';

/** 'v' in public, 'app.v' elsewhere: how a dependency names its view. */
export function viewLabel(catalog: Catalog, schema: string | undefined, name: string): string {
  const s = schema ?? catalog.searchPath[0] ?? DEFAULT_SCHEMA;
  return s === DEFAULT_SCHEMA ? name : `${s}.${name}`;
}

interface QueryParts {
  relations: RangeVar[];
  /** Field lists of every column reference; '*' for a star. */
  columnRefs: string[][];
  cteNames: Set<string>;
}

function collect(value: unknown, parts: QueryParts): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, parts);
    return;
  }
  const node = value as Record<string, unknown>;
  if ('RangeVar' in node) parts.relations.push(node.RangeVar as RangeVar);
  else if ('ColumnRef' in node) {
    const fields = ((node.ColumnRef as { fields?: Node[] }).fields ?? []).map((f) => ('A_Star' in f ? '*' : 'String' in f ? (f.String.sval ?? '') : ''));
    parts.columnRefs.push(fields);
  } else if ('CommonTableExpr' in node) {
    const name = (node.CommonTableExpr as { ctename?: string }).ctename;
    if (name) parts.cteNames.add(name);
  }
  for (const child of Object.values(node)) collect(child, parts);
}

/** The columns of `table` (read under `aliases`) that the column references can mean; a star means all of them. */
function columnsRead(table: TableState, aliases: readonly string[], refs: readonly string[][]): string[] {
  const out = new Set<string>();
  for (const fields of refs) {
    const last = fields.at(-1);
    const qualifier = fields.at(-2);
    if (qualifier !== undefined && !aliases.includes(qualifier) && qualifier !== table.name) continue;
    if (last === '*') for (const c of table.columns.keys()) out.add(c);
    else if (last !== undefined && (table.columns.has(last) || !table.columnsKnown)) out.add(last);
  }
  return [...out];
}

export function forgetView(catalog: Catalog, label: string): void {
  catalog.updateTables(
    (table) => table.readBy?.some((d) => d.name === label) === true,
    (table) => {
      table.readBy = table.readBy?.filter((d) => d.name !== label);
    },
  );
}

/** Records what `query` reads as the dependencies of `label`, replacing its earlier ones; `own` is a rule's table, read as NEW and OLD. */
function recordReads(catalog: Catalog, kind: ViewDependency['kind'], label: string, query: unknown, own?: RangeVar): void {
  forgetView(catalog, label);
  const parts: QueryParts = { relations: [], columnRefs: [], cteNames: new Set() };
  collect(query, parts);
  const reads = parts.relations.map((rv) => ({ rv, aliases: [rv.alias?.aliasname ?? rv.relname ?? ''] }));
  if (own) reads.push({ rv: own, aliases: ['new', 'old'] });
  for (const { rv, aliases } of reads) {
    if (!rv.relname || (!rv.schemaname && parts.cteNames.has(rv.relname))) continue;
    const known = catalog.table(rv);
    if (!known) continue;
    const columns = columnsRead(known, aliases, parts.columnRefs);
    if (columns.length === 0) continue;
    const table = catalog.ownTable(known);
    const mine = table.readBy?.find((d) => d.name === label);
    table.readBy = [...(table.readBy ?? []).filter((d) => d !== mine), { kind, name: label, columns: [...new Set([...(mine?.columns ?? []), ...columns])] }];
  }
}

export function replayCreateView(catalog: Catalog, view: RangeVar | undefined, query: Node | undefined, materialized: boolean): void {
  if (!view?.relname || view.relpersistence === 't') return;
  recordReads(catalog, materialized ? 'materialized view' : 'view', viewLabel(catalog, view.schemaname, view.relname), query);
}

const ruleLabel = (catalog: Catalog, table: RangeVar, rule: string) => `${rule} on ${viewLabel(catalog, table.schemaname, table.relname ?? '')}`;

export function replayCreateRule(catalog: Catalog, stmt: RuleStmt): void {
  if (!stmt.relation?.relname || !stmt.rulename) return;
  recordReads(catalog, 'rule', ruleLabel(catalog, stmt.relation, stmt.rulename), [stmt.whereClause, stmt.actions], stmt.relation);
}

/** DROP VIEW / DROP MATERIALIZED VIEW of one name list ([schema,] view), DROP RULE of ([schema,] table, rule). */
export function replayDropView(catalog: Catalog, names: Node[] | undefined, rule: boolean): void {
  const list = stringList(names);
  const name = list.at(-1);
  if (name === undefined) return;
  if (!rule) return forgetView(catalog, viewLabel(catalog, list.length > 1 ? list.at(-2) : undefined, name));
  const table = list.at(-2);
  if (table !== undefined) forgetView(catalog, ruleLabel(catalog, { relname: table, ...(list.length > 2 ? { schemaname: list.at(-3) as string } : {}) }, name));
}
