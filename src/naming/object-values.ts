// What a constraint's or an index's name is checked against: its kind, and the values of the
// template's placeholders (its table, columns, referenced table) read from the statement.
import type { Constraint, IndexElem, IndexStmt, Node } from '@pgsql/types';
import { LABEL, type Kind, type Preset } from './presets.js';
import type { Values } from './template.js';
import { stringValues } from '../facts/node-lists.js';

export function constraintKind(c: Constraint): Kind | undefined {
  switch (c.contype) {
    case 'CONSTR_PRIMARY':
      return 'primaryKey';
    case 'CONSTR_FOREIGN':
      return 'foreignKey';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_CHECK':
      return 'check';
    default:
      return undefined;
  }
}

export function constraintValues(c: Constraint, table: string, column: string | undefined): Values {
  const v: Values = { table };
  if (c.contype === 'CONSTR_CHECK') {
    const refs = column !== undefined ? [column] : columnRefs(c.raw_expr);
    if (refs.length > 0) v.anyHint = refs.join('_');
    return v;
  }
  const keys = c.contype === 'CONSTR_FOREIGN' ? stringValues(c.fk_attrs) : stringValues(c.keys);
  const columns = keys.length > 0 ? keys : column !== undefined ? [column] : [];
  if (columns.length > 0) v.columns = [columns.join('_')];
  if (c.contype === 'CONSTR_FOREIGN' && c.pktable?.relname) v.refTable = c.pktable.relname;
  return v;
}

export function indexKinds(node: IndexStmt): { kinds: Kind[]; label: string } {
  const gin = node.accessMethod === 'gin';
  if (node.whereClause) return { kinds: gin ? ['partialIndex', 'ginIndex'] : ['partialIndex'], label: LABEL.partialIndex };
  if (gin) return { kinds: ['ginIndex'], label: LABEL.ginIndex };
  // A unique index often backs a UNIQUE constraint (ADD CONSTRAINT … UNIQUE USING INDEX).
  if (node.unique) return { kinds: ['index', 'unique'], label: 'Unique index' };
  return { kinds: ['index'], label: LABEL.index };
}

export function indexValues(node: IndexStmt, preset: Preset): Values {
  const elems = (node.indexParams ?? []).flatMap((p) => ('IndexElem' in p ? [p.IndexElem] : []));
  const v: Values = { ...(node.relation?.relname !== undefined ? { table: node.relation.relname } : {}) };
  if (elems.length === 0) return v;
  // By the columns an expression mentions (lower(email) → email), or as PostgreSQL names it (lower).
  const byColumns = elems.map((e) => e.name ?? (columnRefs(e.expr).join('_') || 'expr')).join('_');
  const byPostgres = elems.map((e) => e.name ?? figureColname(e)).join('_');
  // Both spellings are accepted; the suggestion follows the preset.
  v.columns = byColumns === byPostgres ? [byColumns] : preset === 'postgres' ? [byPostgres, byColumns] : [byColumns, byPostgres];
  v.anyHint = byColumns;
  return v;
}

/** PostgreSQL's FigureIndexColname: a function's name, else "expr". */
function figureColname(elem: IndexElem): string {
  const expr = elem.expr;
  if (expr && 'FuncCall' in expr) {
    const names = stringValues(expr.FuncCall.funcname);
    return names[names.length - 1] ?? 'expr';
  }
  return 'expr';
}

/** Names of the columns an expression mentions, in order, without repeats. */
function columnRefs(expr: Node | undefined): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if ('ColumnRef' in value) {
      const fields = stringValues((value as { ColumnRef: { fields?: Node[] } }).ColumnRef.fields);
      const last = fields[fields.length - 1];
      if (last !== undefined && !out.includes(last)) out.push(last);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(expr);
  return out;
}
