// Replay of statements that rename, move or drop objects, and of enum types and functions.
import type { AlterEnumStmt, AlterObjectSchemaStmt, CreateEnumStmt, CreateFunctionStmt, DropStmt, Node, RenameStmt } from '@pgsql/types';
import { someColumn, type Catalog, type ColumnState } from './catalog.js';
import type { FunctionVolatility } from './model.js';
import { stringValues as stringList } from '../node-lists.js';
import { DEFAULT_SCHEMA } from './namespace.js';
import { renameColumn, renameConstraint } from './table-ops.js';
import { replayDropView } from './replay-view.js';

/** ['s', 'name'] / ['name'] (a leading database name is ignored) → schema and name. */
function qualified(names: readonly string[]): { schema?: string; name: string } | undefined {
  const name = names.at(-1);
  if (name === undefined) return undefined;
  const schema = names.length > 1 ? names.at(-2) : undefined;
  return schema !== undefined ? { schema, name } : { name };
}

/** The name list of an object node: List of Strings, TypeName, ObjectWithArgs or String. */
function objectNames(node: Node | undefined): string[] {
  if (!node) return [];
  if ('List' in node) return stringList(node.List.items);
  if ('TypeName' in node) return stringList(node.TypeName.names);
  if ('ObjectWithArgs' in node) return stringList(node.ObjectWithArgs.objname);
  if ('String' in node) return node.String.sval !== undefined ? [node.String.sval] : [];
  return [];
}

export function replayRename(catalog: Catalog, stmt: RenameStmt): void {
  const to = stmt.newname;
  if (to === undefined) return;
  const rel = stmt.relation;
  switch (stmt.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_INDEX': {
      const table = stmt.renameType === 'OBJECT_TABLE' ? catalog.table(rel) : undefined;
      if (table) catalog.moveTable(table, table.schema, to);
      // ALTER TABLE … RENAME works on any relation, ALTER INDEX on indexes.
      else if (rel?.relname) {
        const found = catalog.index(rel.relname, rel.schemaname);
        if (found) catalog.renameIndex(found.index, to);
      }
      return;
    }
    case 'OBJECT_COLUMN': {
      const table = stmt.relationType === 'OBJECT_TABLE' ? catalog.writableTable(rel) : undefined;
      if (table && stmt.subname !== undefined) renameColumn(catalog, table, stmt.subname, to);
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = catalog.writableTable(rel);
      if (table && stmt.subname !== undefined) renameConstraint(catalog, table, stmt.subname, to);
      return;
    }
    case 'OBJECT_SCHEMA':
      if (stmt.subname !== undefined) catalog.renameSchema(stmt.subname, to);
      return;
    case 'OBJECT_TYPE': {
      const n = qualified(objectNames(stmt.object));
      const e = n && catalog.enumType(n.name, n.schema);
      if (e) catalog.moveEnum(e, e.schema, to);
      return;
    }
    case 'OBJECT_FUNCTION': {
      const n = qualified(objectNames(stmt.object));
      const f = n && catalog.function(n.name, n.schema);
      if (f) catalog.moveFunction(f, f.schema, to);
      return;
    }
    default:
      return;
  }
}

export function replaySetSchema(catalog: Catalog, stmt: AlterObjectSchemaStmt): void {
  const schema = stmt.newschema;
  if (schema === undefined) return;
  if (stmt.objectType === 'OBJECT_TABLE') {
    const table = catalog.table(stmt.relation);
    if (table) catalog.moveTable(table, schema, table.name);
    return;
  }
  const n = qualified(objectNames(stmt.object));
  if (!n) return;
  if (stmt.objectType === 'OBJECT_TYPE') {
    const e = catalog.enumType(n.name, n.schema);
    if (e) catalog.moveEnum(e, schema, e.name);
  } else if (stmt.objectType === 'OBJECT_FUNCTION') {
    const f = catalog.function(n.name, n.schema);
    if (f) catalog.moveFunction(f, schema, f.name);
  }
}

export function replayDrop(catalog: Catalog, stmt: DropStmt): void {
  for (const object of stmt.objects ?? []) {
    const names = objectNames(object);
    const n = qualified(names);
    if (!n) continue;
    switch (stmt.removeType) {
      case 'OBJECT_TABLE': {
        const table = catalog.table(n);
        if (table) catalog.dropTable(table);
        break;
      }
      case 'OBJECT_INDEX': {
        const found = catalog.index(n.name, n.schema);
        if (found) catalog.dropIndex(found.index);
        break;
      }
      case 'OBJECT_TYPE': {
        const e = catalog.enumType(n.name, n.schema);
        if (!e) break;
        catalog.dropEnum(e);
        // CASCADE drops the columns of that type along with it.
        if (stmt.behavior === 'DROP_CASCADE') {
          const ofType = (column: ColumnState) => column.type.name === e.name && (column.type.schema ?? DEFAULT_SCHEMA) === e.schema;
          catalog.updateTables(
            (table) => someColumn(table, ofType),
            (table) => {
              for (const [key, column] of table.columns) if (ofType(column)) table.columns.delete(key);
            },
          );
        }
        break;
      }
      case 'OBJECT_SCHEMA':
        catalog.dropSchema(names[0] ?? n.name);
        break;
      case 'OBJECT_FUNCTION': {
        const f = catalog.function(n.name, n.schema);
        if (f) catalog.dropFunction(f);
        break;
      }
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_RULE':
        replayDropView(catalog, object && 'List' in object ? object.List.items : undefined, stmt.removeType === 'OBJECT_RULE');
        break;
      case 'OBJECT_DOMAIN': {
        const d = catalog.domain(n.name, n.schema);
        if (d) catalog.dropDomain(d);
        break;
      }
      default:
        return;
    }
  }
}

export function replayCreateEnum(catalog: Catalog, stmt: CreateEnumStmt): void {
  const n = qualified(stringList(stmt.typeName));
  if (!n) return;
  catalog.addEnum({ schema: n.schema ?? DEFAULT_SCHEMA, name: n.name, values: stringList(stmt.vals) });
}

export function replayAlterEnum(catalog: Catalog, stmt: AlterEnumStmt): void {
  const n = qualified(stringList(stmt.typeName));
  const e = n && catalog.writableEnum(n.name, n.schema);
  if (!e || stmt.newVal === undefined) return;
  if (stmt.oldVal !== undefined) {
    const at = e.values.indexOf(stmt.oldVal);
    if (at >= 0) e.values[at] = stmt.newVal;
    return;
  }
  if (e.values.includes(stmt.newVal)) return;
  const neighbor = stmt.newValNeighbor !== undefined ? e.values.indexOf(stmt.newValNeighbor) : -1;
  if (neighbor < 0) e.values.push(stmt.newVal);
  else e.values.splice(stmt.newValIsAfter ? neighbor + 1 : neighbor, 0, stmt.newVal);
}

export function replayCreateFunction(catalog: Catalog, stmt: CreateFunctionStmt): void {
  const n = qualified(stringList(stmt.funcname));
  if (!n || stmt.is_procedure) return;
  let volatility: FunctionVolatility = 'volatile';
  for (const option of stmt.options ?? []) {
    if (!('DefElem' in option) || option.DefElem.defname !== 'volatility') continue;
    const arg = option.DefElem.arg;
    const value = arg && 'String' in arg ? arg.String.sval : undefined;
    if (value === 'immutable' || value === 'stable' || value === 'volatile') volatility = value;
  }
  catalog.addFunction({ schema: n.schema ?? DEFAULT_SCHEMA, name: n.name, volatility });
}
