// Static SQL inside DO blocks and inside functions and procedures the same section calls: the
// PL/pgSQL parser (or the SQL parser for LANGUAGE sql) → each embedded SQL statement parsed on
// its own, with positions mapped back to the file. EXECUTE of a constant expression
// (format('…', constants)) is resolved and linted at the expression; other dynamic SQL is not.
import { parsePlPgSQLSync, parseSync } from './pg-parser.js';
import type { Node } from '@pgsql/types';
import type { Span, Statement } from './types.js';
import { byteToUtf16Mapper } from './text.js';
import { constantExecuteSql } from './parse-execute.js';

export interface NestedStatement {
  node: Node;
  tag: string;
  text: string;
  span: Span;
  /** Node location (UTF-8 bytes in `text`) → UTF-16 offset in the file. */
  toFileOffset(byteLocation: number): number;
}

interface Body {
  text: string;
  language: string;
}

const stringValue = (node: Node | undefined): string | undefined => (node && 'String' in node ? node.String.sval : undefined);

/** The code of a DO block or of a CREATE FUNCTION / PROCEDURE … AS '…', with its language. */
function bodyOf(node: Node): Body | undefined {
  const options = 'DoStmt' in node ? node.DoStmt.args : 'CreateFunctionStmt' in node ? node.CreateFunctionStmt.options : undefined;
  let text: string | undefined;
  let language = 'DoStmt' in node ? 'plpgsql' : 'sql';
  for (const option of options ?? []) {
    if (!('DefElem' in option)) continue;
    const value = option.DefElem.arg;
    if (option.DefElem.defname === 'as') text = value && 'List' in value ? stringValue(value.List.items?.[0]) : stringValue(value);
    if (option.DefElem.defname === 'language') language = (stringValue(value) ?? language).toLowerCase();
  }
  return text === undefined ? undefined : { text, language };
}

interface Query {
  /** The SQL to parse. */
  sql: string;
  /** Where it is in the body: the SQL itself, or the EXECUTE expression it was resolved from. */
  written: string;
  resolved: boolean;
}

function collectQueries(value: unknown, out: Query[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectQueries(item, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'PLpgSQL_stmt_execsql') {
      const query = (child as { sqlstmt?: { PLpgSQL_expr?: { query?: string } } }).sqlstmt?.PLpgSQL_expr?.query;
      if (query) out.push({ sql: query, written: query, resolved: false });
    } else if (key === 'PLpgSQL_stmt_dynexecute') {
      const expression = (child as { query?: { PLpgSQL_expr?: { query?: string } } }).query?.PLpgSQL_expr?.query;
      const sql = expression === undefined ? undefined : constantExecuteSql(expression);
      if (expression && sql) out.push({ sql, written: expression, resolved: true });
    } else {
      collectQueries(child, out);
    }
  }
}

function parseStatements(sql: string): { node: Node; location: number; length?: number }[] {
  try {
    return (parseSync(sql).stmts ?? []).flatMap((raw) => (raw.stmt ? [{ node: raw.stmt as Node, location: raw.stmt_location ?? 0, ...(raw.stmt_len !== undefined ? { length: raw.stmt_len } : {}) }] : []));
  } catch {
    return [];
  }
}

const tagOf = (node: Node) => Object.keys(node)[0] ?? 'Unknown';

function plpgsqlStatements(statement: Statement, body: string): NestedStatement[] {
  const queries: Query[] = [];
  try {
    collectQueries(parsePlPgSQLSync(statement.text), queries);
  } catch {
    return [];
  }
  const bodyAt = statement.text.indexOf(body);
  const result: NestedStatement[] = [];
  let cursor = 0;
  for (const query of queries) {
    const stmts = parseStatements(query.sql);
    const found = bodyAt < 0 ? -1 : body.indexOf(query.written, cursor);
    if (found >= 0) cursor = found + query.written.length;
    const start = found < 0 ? statement.span.start : statement.span.start + bodyAt + found;
    const end = found < 0 ? statement.span.end : start + query.written.length;
    const toUtf16 = byteToUtf16Mapper(query.sql);
    // Resolved dynamic SQL is not in the file: its findings sit on the EXECUTE expression.
    const toFileOffset = found < 0 || query.resolved ? () => start : (b: number) => start + toUtf16(b);
    for (const { node } of stmts) result.push({ node, tag: tagOf(node), text: query.sql, span: { start, end }, toFileOffset });
  }
  return result;
}

/** LANGUAGE sql AS '…': each statement of the body, positioned in it. */
function sqlStatements(statement: Statement, body: string): NestedStatement[] {
  const bodyAt = statement.text.indexOf(body);
  if (bodyAt < 0) return [];
  const base = statement.span.start + bodyAt;
  const toUtf16 = byteToUtf16Mapper(body);
  const bodyBytes = Buffer.byteLength(body);
  return parseStatements(body).map(({ node, location, length }) => {
    const start = base + toUtf16(location);
    const end = base + toUtf16(length === undefined ? bodyBytes : location + length);
    return { node, tag: tagOf(node), text: body.slice(start - base, end - base), span: { start, end }, toFileOffset: (b: number) => base + toUtf16(b) };
  });
}

/** The statements a DO block or a function/procedure definition executes; [] when none can be read. */
export function nestedStatements(statement: Statement): NestedStatement[] {
  const node = statement.node;
  const body = bodyOf(node);
  if (body?.language === 'plpgsql') return plpgsqlStatements(statement, body.text);
  // A BEGIN ATOMIC body is part of the CREATE statement's own tree, linted where it is written.
  return 'CreateFunctionStmt' in node && body?.language === 'sql' ? sqlStatements(statement, body.text) : [];
}

function qualifiedName(names: readonly Node[] | undefined): { schema?: string; name: string } | undefined {
  const parts = (names ?? []).flatMap((n) => (stringValue(n) !== undefined ? [stringValue(n) as string] : []));
  const name = parts.at(-1);
  if (name === undefined) return undefined;
  return parts.length > 1 ? { schema: parts.at(-2) as string, name } : { name };
}

/** Functions and procedures a SELECT or CALL invokes, by name. */
function calls(node: Node): { schema?: string; name: string }[] {
  if ('CallStmt' in node) {
    const called = qualifiedName(node.CallStmt.funccall?.funcname);
    return called ? [called] : [];
  }
  if (!('SelectStmt' in node)) return [];
  const out: { schema?: string; name: string }[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const call = (value as { FuncCall?: { funcname?: Node[] } }).FuncCall;
    const called = call && qualifiedName(call.funcname);
    if (called) out.push(called);
    Object.values(value).forEach(visit);
  };
  visit(node);
  return out;
}

/**
 * Per statement index: what it executes besides itself. A DO block's body; for a SELECT or CALL
 * of a function or procedure defined earlier in the section, that routine's body (positions in
 * the body, where the definition is). `read` reads one statement's (nestedStatements, or a memo of it).
 */
export function sectionNestedStatements(statements: readonly Statement[], read: (statement: Statement) => NestedStatement[] = nestedStatements): Map<number, NestedStatement[]> {
  const result = new Map<number, NestedStatement[]>();
  // A routine's body is parsed when a statement calls it, once: most functions a section
  // defines (trigger functions) are never called in it.
  const routines = new Map<string, () => NestedStatement[]>();
  for (const statement of statements) {
    const node = statement.node;
    if ('DoStmt' in node) result.set(statement.index, read(statement));
    else if ('CreateFunctionStmt' in node) {
      const name = qualifiedName(node.CreateFunctionStmt.funcname);
      if (!name) continue;
      let body: NestedStatement[] | undefined;
      const parsed = () => (body ??= read(statement));
      routines.set(name.name, parsed);
      routines.set(`${name.schema ?? 'public'}.${name.name}`, parsed);
    } else if (routines.size > 0) {
      const executed = calls(node).flatMap((c) => routines.get(c.schema ? `${c.schema}.${c.name}` : c.name)?.() ?? []);
      if (executed.length > 0) result.set(statement.index, executed);
    }
  }
  return result;
}
