// SQL text for the simple expressions defaults are made of (constants, casts, operators,
// function calls, CURRENT_TIMESTAMP …); undefined for anything else, never a guess.
import type { Node, SQLValueFunctionOp } from '@pgsql/types';
import { columnType, formatType } from './column-type.js';
import { stringValues as strings } from '../node-lists.js';

const SQL_VALUE: Partial<Record<SQLValueFunctionOp, string>> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_CURRENT_TIME_N: 'CURRENT_TIME',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_LOCALTIME_N: 'LOCALTIME',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_USER: 'USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG',
  SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

function all(nodes: readonly Node[] | undefined): string[] | undefined {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    const text = exprText(node);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

export function exprText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if ('A_Const' in node) {
    const c = node.A_Const;
    if (c.isnull) return 'NULL';
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.fval) return c.fval.fval;
    if (c.boolval) return c.boolval.boolval ? 'true' : 'false';
    if (c.sval) return `'${(c.sval.sval ?? '').replace(/'/g, "''")}'`;
    if (c.bsval) {
      const bits = c.bsval.bsval ?? '';
      return `${bits.slice(0, 1).toUpperCase()}'${bits.slice(1)}'`;
    }
    return undefined;
  }
  if ('TypeCast' in node) {
    const arg = exprText(node.TypeCast.arg);
    return arg === undefined ? undefined : `${arg}::${formatType(columnType(node.TypeCast.typeName).type)}`;
  }
  if ('FuncCall' in node) {
    const name = strings(node.FuncCall.funcname).filter((s, i, a) => !(i === 0 && a.length > 1 && s === 'pg_catalog'));
    if (node.FuncCall.agg_star) return `${name.join('.')}(*)`;
    const args = all(node.FuncCall.args);
    return args === undefined ? undefined : `${name.join('.')}(${args.join(', ')})`;
  }
  if ('SQLValueFunction' in node) {
    const keyword = node.SQLValueFunction.op ? SQL_VALUE[node.SQLValueFunction.op] : undefined;
    const precision = node.SQLValueFunction.typmod !== undefined && node.SQLValueFunction.typmod >= 0 ? `(${node.SQLValueFunction.typmod})` : '';
    return keyword && `${keyword}${precision}`;
  }
  if ('A_Expr' in node && node.A_Expr.kind === 'AEXPR_OP') {
    const op = strings(node.A_Expr.name).join('.');
    const right = exprText(node.A_Expr.rexpr);
    if (right === undefined) return undefined;
    if (!node.A_Expr.lexpr) return `${op}${right}`;
    const left = exprText(node.A_Expr.lexpr);
    return left === undefined ? undefined : `${left} ${op} ${right}`;
  }
  if ('A_ArrayExpr' in node) {
    const elements = all(node.A_ArrayExpr.elements);
    return elements === undefined ? undefined : `ARRAY[${elements.join(', ')}]`;
  }
  if ('ColumnRef' in node) return strings(node.ColumnRef.fields).join('.');
  return undefined;
}
