// Static SQL inside DO blocks: PL/pgSQL parser → each embedded SQL statement parsed on its own,
// with positions mapped back to the file. Dynamic SQL (EXECUTE 'string') cannot be linted.
import { parsePlPgSQLSync, parseSync } from 'libpg-query';
import type { Node } from '@pgsql/types';
import type { Span, Statement } from './types.js';
import { byteToUtf16Mapper } from './text.js';

export interface NestedStatement {
  node: Node;
  tag: string;
  text: string;
  span: Span;
  /** Node location (UTF-8 bytes in `text`) → UTF-16 offset in the file. */
  toFileOffset(byteLocation: number): number;
}

function doBody(statement: Statement): string | undefined {
  if (!('DoStmt' in statement.node)) return undefined;
  let body: string | undefined;
  let language = 'plpgsql';
  for (const arg of statement.node.DoStmt.args ?? []) {
    if (!('DefElem' in arg)) continue;
    const value = arg.DefElem.arg;
    const sval = value && 'String' in value ? value.String.sval : undefined;
    if (arg.DefElem.defname === 'as') body = sval;
    if (arg.DefElem.defname === 'language' && sval) language = sval.toLowerCase();
  }
  return language === 'plpgsql' ? body : undefined;
}

function collectQueries(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectQueries(item, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'PLpgSQL_stmt_execsql') {
      const expr = (child as { sqlstmt?: { PLpgSQL_expr?: { query?: string } } }).sqlstmt?.PLpgSQL_expr;
      if (expr?.query) out.push(expr.query);
    } else {
      collectQueries(child, out);
    }
  }
}

/** The statements a DO block executes, or [] when it is not PL/pgSQL or does not parse. */
export function nestedStatements(statement: Statement): NestedStatement[] {
  const body = doBody(statement);
  if (body === undefined) return [];
  const queries: string[] = [];
  try {
    collectQueries(parsePlPgSQLSync(statement.text), queries);
  } catch {
    return [];
  }
  const bodyAt = statement.text.indexOf(body);
  const result: NestedStatement[] = [];
  let cursor = 0;
  for (const query of queries) {
    let stmts;
    try {
      stmts = parseSync(query).stmts ?? [];
    } catch {
      continue;
    }
    const found = bodyAt < 0 ? -1 : body.indexOf(query, cursor);
    if (found >= 0) cursor = found + query.length;
    const start = found < 0 ? statement.span.start : statement.span.start + bodyAt + found;
    const toUtf16 = byteToUtf16Mapper(query);
    const toFileOffset = found < 0 ? () => statement.span.start : (b: number) => start + toUtf16(b);
    for (const raw of stmts) {
      if (!raw.stmt) continue;
      const tag = Object.keys(raw.stmt)[0] ?? 'Unknown';
      const end = found < 0 ? statement.span.end : start + query.length;
      result.push({ node: raw.stmt, tag, text: query, span: { start, end }, toFileOffset });
    }
  }
  return result;
}
