// The SQL a PL/pgSQL EXECUTE runs when its expression is made of constants: a string,
// 'a' || 'b', or format('…', constant, …). Anything else (variables, other functions) is
// dynamic and stays unlinted.
import { parseSync } from './pg-parser.js';
import type { Node } from '@pgsql/types';

function constant(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if ('A_Const' in node) {
    const c = node.A_Const;
    if (c.sval) return c.sval.sval ?? '';
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.fval) return c.fval.fval;
    return undefined;
  }
  if ('TypeCast' in node) return constant(node.TypeCast.arg);
  if ('A_Expr' in node && node.A_Expr.kind === 'AEXPR_OP') {
    const op = node.A_Expr.name?.flatMap((n) => ('String' in n ? [n.String.sval] : [])).pop();
    const left = constant(node.A_Expr.lexpr);
    const right = constant(node.A_Expr.rexpr);
    return op === '||' && left !== undefined && right !== undefined ? left + right : undefined;
  }
  if ('FuncCall' in node) {
    const name = node.FuncCall.funcname?.flatMap((n) => ('String' in n ? [n.String.sval] : [])).pop();
    if (name !== 'format') return undefined;
    const args = (node.FuncCall.args ?? []).map(constant);
    if (args.some((a) => a === undefined)) return undefined;
    return format(args[0] as string, args.slice(1) as string[]);
  }
  return undefined;
}

/** quote_ident: as is when it needs no quotes (lower-case, simple), else double-quoted. */
const quoteIdent = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** PostgreSQL's format(): %s, %I, %L, %%, with optional n$ positions; undefined on what it cannot honour. */
export function format(template: string, args: readonly string[]): string | undefined {
  let next = 0;
  let failed = false;
  const out = template.replace(/%(?:(\d+)\$)?([-\d]*)([sIL%])/g, (_m, position: string | undefined, width: string, kind: string) => {
    if (kind === '%') return '%';
    if (width !== '') failed = true;
    const index = position !== undefined ? Number(position) - 1 : next;
    next = index + 1;
    const value = args[index];
    if (value === undefined) {
      failed = true;
      return '';
    }
    return kind === 'I' ? quoteIdent(value) : kind === 'L' ? quoteLiteral(value) : value;
  });
  return failed ? undefined : out;
}

/** The SQL of `EXECUTE <expression>` when the expression is constant. */
export function constantExecuteSql(expression: string): string | undefined {
  let stmt: Node | undefined;
  try {
    stmt = parseSync(`SELECT ${expression}`).stmts?.[0]?.stmt;
  } catch {
    return undefined;
  }
  const select = stmt && 'SelectStmt' in stmt ? stmt.SelectStmt : undefined;
  const [target, ...rest] = select?.targetList ?? [];
  if (!target || rest.length > 0 || !('ResTarget' in target) || select?.fromClause) return undefined;
  return constant(target.ResTarget.val);
}
