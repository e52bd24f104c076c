// ColumnDef nodes (CREATE TABLE, ADD COLUMN) → columns, their defaults and column constraints.
import type { ColumnDef, Node } from '@pgsql/types';
import type { Catalog, ColumnState, TableState } from './catalog.js';
import type { ColumnDefault } from './model.js';
import { columnType } from './column-type.js';
import { addConstraint } from './constraints.js';
import { typedColumns } from './events.js';
import { exprText } from './expr-text.js';
import { makeObjectName } from './names.js';
import { DEFAULT_SCHEMA } from './namespace.js';
import { expressionVolatility, isNullConstant } from './volatility.js';

/** The default a catalog stores for an expression; undefined for NULL (PostgreSQL stores none). */
export function columnDefault(catalog: Catalog, expr: Node | undefined): ColumnDefault | undefined {
  if (!expr || isNullConstant(expr)) return undefined;
  const text = exprText(expr);
  return {
    volatility: expressionVolatility(expr, (name, schema) => catalog.function(name, schema)?.volatility),
    node: Object.keys(expr)[0] ?? 'unknown',
    ...(text !== undefined ? { text } : {}),
  };
}

/** serial's default: nextval of the sequence PostgreSQL creates for it. */
function serialDefault(table: TableState, column: string): ColumnDefault {
  const sequence = makeObjectName(table.name, column, 'seq');
  const qualified = table.schema === DEFAULT_SCHEMA ? sequence : `${table.schema}.${sequence}`;
  return { volatility: 'volatile', node: 'FuncCall', text: `nextval('${qualified}'::regclass)` };
}

/** Adds the column (replacing one of the same name) with its constraints; returns it. */
export function addColumn(catalog: Catalog, table: TableState, def: ColumnDef, newTable: boolean): ColumnState | undefined {
  if (!def.colname) return undefined;
  const inherited = table.columns.get(def.colname);
  let column: ColumnState;
  // A partition's `(col WITH OPTIONS NOT NULL)` has no type: it adds constraints to an inherited column.
  if (!def.typeName && inherited) column = inherited;
  else {
    const { type, serial } = columnType(def.typeName);
    column = { name: def.colname, type, notNull: serial || def.is_not_null === true };
    if (serial) column.default = serialDefault(table, def.colname);
    table.columns.set(def.colname, column);
  }
  for (const node of def.constraints ?? []) {
    if (!('Constraint' in node)) continue;
    const c = node.Constraint;
    switch (c.contype) {
      case 'CONSTR_NULL':
        column.notNull = false;
        break;
      case 'CONSTR_DEFAULT': {
        const value = columnDefault(catalog, c.raw_expr);
        if (value) column.default = value;
        else delete column.default;
        break;
      }
      case 'CONSTR_IDENTITY':
        column.identity = c.generated_when === 'a' ? 'always' : 'by-default';
        column.notNull = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = c.generated_kind === 'v' ? 'virtual' : 'stored';
        generatedFrom(catalog, table, c.raw_expr);
        break;
      default:
        addConstraint(catalog, table, c, { column: def.colname, newTable });
    }
  }
  return column;
}

/** Records the columns a generated column's expression reads (tableEvents). */
export function generatedFrom(catalog: Catalog, table: TableState, expr: Node | undefined): void {
  const columns = catalog.tableEvents && typedColumns(expr);
  if (columns && columns.length > 0) catalog.tableEvents?.push({ event: 'expression', table: `${table.schema}.${table.name}`, columns, in: 'generated' });
}
