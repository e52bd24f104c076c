// The column types a migration declares (CREATE TABLE columns, ADD COLUMN, ALTER COLUMN … TYPE),
// for the rules about type choices, and where a type's text is in the file (for fixes).
import type { ColumnDef, Node, RangeVar, TypeName } from '@pgsql/types';
import type { RuleContext } from '../rule.js';
import type { Span } from '../types.js';
import { relationName } from './names.js';
import { stringValues } from './node-lists.js';

export type ColumnPlace = 'create-table' | 'add-column' | 'alter-type';

export interface DeclaredColumn {
  place: ColumnPlace;
  column: string;
  table: string;
  relation?: RangeVar;
  typeName: TypeName;
  /** The type's name when unqualified or in pg_catalog (the parser lowercases unquoted names): int4, varchar … */
  builtin?: string;
}

// Nine type rules ask about the ColumnDef being visited, one after the other (a node always has
// the same ancestors): the last answer is kept. Not a WeakMap: its get and set on each new node
// cost more than finding the column again.
let last: { node: ColumnDef; declared: DeclaredColumn | undefined } | undefined;

/** The column a ColumnDef declares, when it is one of a table's columns (not a composite type's). */
export function declaredColumn(node: ColumnDef, ancestors: readonly Node[]): DeclaredColumn | undefined {
  if (last?.node !== node) last = { node, declared: findDeclaredColumn(node, ancestors) };
  return last.declared;
}

function findDeclaredColumn(node: ColumnDef, ancestors: readonly Node[]): DeclaredColumn | undefined {
  const typeName = node.typeName;
  const parent = ancestors[ancestors.length - 1];
  if (!typeName || !parent) return undefined;
  let place: ColumnPlace | undefined;
  let relation: RangeVar | undefined;
  if ('CreateStmt' in parent) {
    place = 'create-table';
    relation = parent.CreateStmt.relation;
  } else if ('AlterTableCmd' in parent) {
    const stmt = ancestors[ancestors.length - 2];
    if (!stmt || !('AlterTableStmt' in stmt) || stmt.AlterTableStmt.objtype !== 'OBJECT_TABLE') return undefined;
    relation = stmt.AlterTableStmt.relation;
    const subtype = parent.AlterTableCmd.subtype;
    place = subtype === 'AT_AddColumn' ? 'add-column' : subtype === 'AT_AlterColumnType' ? 'alter-type' : undefined;
  }
  if (!place) return undefined;
  const column = node.colname ?? (place === 'alter-type' && 'AlterTableCmd' in parent ? parent.AlterTableCmd.name : undefined) ?? 'the column';
  const builtin = builtinName(typeName);
  const table = relationName(relation);
  // Literals in key order, not `{ …, ...(relation ? { relation } : {}), typeName }`: V8 adds a property after a spread slowly.
  const declared: DeclaredColumn = relation ? { place, column, table, relation, typeName } : { place, column, table, typeName };
  if (builtin) declared.builtin = builtin;
  return declared;
}

function builtinName(typeName: TypeName): string | undefined {
  const names = stringValues(typeName.names);
  if (names.length === 1) return names[0];
  if (names.length === 2 && names[0] === 'pg_catalog') return names[1];
  return undefined;
}

const IDENTIFIER = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)/u;

/**
 * Where the type is written: `pattern` (anchored, case-insensitive) matched at the type's
 * location. When the text does not match (a comment inside the type, an odd spelling), the span
 * covers the first word and there is no `text`, so no fix is offered.
 */
export function typeSpan(ctx: RuleContext<object>, typeName: TypeName, pattern: RegExp): { span: Span; match?: RegExpExecArray } {
  const start = typeName.location !== undefined ? ctx.offsetOf(typeName.location) : ctx.statement.span.start;
  const rest = ctx.fileText.slice(start, Math.max(start, ctx.statement.span.end));
  const match = pattern.exec(rest);
  if (match && match.index === 0) return { span: { start, end: start + match[0].length }, match };
  const word = IDENTIFIER.exec(rest);
  return { span: { start, end: start + (word ? word[0].length : 0) } };
}

/** `pg_catalog.` written before a built-in type name (optional). */
export const CATALOG_PREFIX = String.raw`(?:pg_catalog\s*\.\s*)?`;
