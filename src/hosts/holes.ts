// SQL written as a template with holes (`${…}` in JS, `{…}` in a Python f-string) whose values are
// not known statically. Two shapes are still exact about the SQL:
// - a hole standing alone between complete statements (`…;\n${helper(…)}\nALTER TABLE …`): the
//   literal statements around it are linted, the hole alone counts as one dynamic operation;
// - holes where a value goes (`= ${id}`, `'${slug}'`): the statement's shape is known, so it is linted
//   with each hole bound as a parameter (`$n`: never an identifier or keyword, which the parser
//   rejects) and counted as resolved with dynamic values.
// Anything else (a hole in an identifier, a keyword, a dollar-quoted body) leaves the call unresolved.
import type { Node } from '@pgsql/types';
import { parseSync, parserLoaded } from '../pg-parser.js';
import { commentEnd, hasCode, skipBlockComment, skipQuoted, splitStatements } from '../split.js';
import type { Span } from '../types.js';
import type { HostOperation } from './types.js';

/** A piece of a template: literal text (with the file offset of each code unit, plus its end) or a hole. */
export type TemplatePart = { text: string; map: readonly number[] } | TemplateHole;

export interface TemplateHole {
  hole: Span;
  /** The hole as written, shortened: `${generatePostgresAlterColummnIfExistStatement(…)}`. */
  label: string;
  /** What builds its SQL, for a hole standing as a statement: `SQL built by a helper function`. */
  reason: string;
}

/** Fields of the call every operation made from it keeps (`call`, `oneQuery`). */
type CallFields = Pick<HostOperation, 'call' | 'oneQuery'>;

/** A private-use code unit standing for a hole while the template is scanned. */
const HOLE = '\uE000';

type Context = { kind: 'code' } | { kind: 'string'; from: number; to: number } | { kind: 'other' };

/** The lexical context of each hole (by offset), and the offsets of the `;` that end statements. */
function scan(text: string): { contexts: Map<number, Context>; ends: number[] } {
  const contexts = new Map<number, Context>();
  const ends: number[] = [];
  const mark = (from: number, to: number, context: Context) => {
    for (let k = text.indexOf(HOLE, from); k >= 0 && k < to; k = text.indexOf(HOLE, k + 1)) contexts.set(k, context);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let stop = i + 1;
    if (c === HOLE) contexts.set(i, { kind: 'code' });
    else if (c === ';') ends.push(i);
    else if (c === '-' && text[i + 1] === '-') {
      const nl = commentEnd(text, i);
      stop = nl < 0 ? text.length : nl;
      mark(i, stop, { kind: 'other' });
    } else if (c === '/' && text[i + 1] === '*') {
      stop = skipBlockComment(text, i);
      mark(i, stop, { kind: 'other' });
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && !/[\w$]/.test(text[i - 2] ?? '');
      stop = skipQuoted(text, i, "'", escapes);
      mark(i, stop, { kind: 'string', from: escapes ? i - 1 : i, to: stop });
    } else if (c === '"') {
      stop = skipQuoted(text, i, '"', false);
      mark(i, stop, { kind: 'other' });
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        stop = close < 0 ? text.length : close + tag[0].length;
        mark(i, stop, { kind: 'other' });
      }
    }
    i = stop;
  }
  return { contexts, ends };
}

/** After a hole that stands as a statement: blanks, an optional `;`, an optional comment, then the line ends. */
const STATEMENT_HOLE_TAIL = /^[ \t]*(;[ \t]*)?(--[^\n\r]*)?(\r?\n|\r|$)/;

/**
 * The operations of one call whose SQL is `parts`, or undefined when a hole is neither between
 * statements nor where a value goes (the caller keeps the call unresolved, as before).
 */
export function templateOperations(parts: readonly TemplatePart[], call: Span, fields: CallFields = {}): HostOperation[] | undefined {
  const holes = parts.filter((p): p is TemplateHole => 'hole' in p);
  // Which holes are values is the parser's decision; outside a lint (the parser not loaded) the call stays unresolved.
  if (holes.length === 0 || !parserLoaded()) return undefined;
  let text = '';
  const map: number[] = [];
  const holeAt = new Map<number, TemplateHole>();
  for (const p of parts) {
    if ('hole' in p) {
      holeAt.set(text.length, p);
      text += HOLE;
      map.push(p.hole.start);
    } else {
      text += p.text;
      map.push(...p.map.slice(0, -1));
    }
  }
  const last = parts[parts.length - 1]!;
  map.push('hole' in last ? last.hole.end : last.map[last.map.length - 1]!);

  const { contexts, ends } = scan(text);
  const ops: HostOperation[] = [];
  const chunk = new Chunk(text, map, holeAt, firstFreeParameter(text));
  let from = 0;
  for (const [at, hole] of holeAt) {
    const context = contexts.get(at)!;
    const statementStart = Math.max(from, ...ends.filter((e) => e < at).map((e) => e + 1));
    const tail = STATEMENT_HOLE_TAIL.exec(text.slice(at + 1));
    if (context.kind === 'code' && tail && !hasCode(text.slice(statementStart, at))) {
      const before = chunk.operation(from, at, call, fields);
      if (before === null) return undefined;
      if (before) ops.push(before);
      ops.push({ span: hole.hole, unresolved: `${hole.label} — ${hole.reason}`, ...fields });
      from = at + 1 + (tail[1] ? tail[0].indexOf(';') + 1 : 0);
    } else if (context.kind === 'code') chunk.bind(at, at + 1, true);
    else if (context.kind === 'string') chunk.bind(context.from, context.to, false);
    else return undefined;
  }
  const after = chunk.operation(from, text.length, call, fields);
  if (after === null) return undefined;
  if (after) ops.push(after);
  return ops;
}

/** Stand-in parameters are numbered after the highest `$n` the SQL already uses. */
function firstFreeParameter(text: string): number {
  let highest = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(m[1]));
  return highest + 1;
}

/** A stretch [from, to) of the template turned into one operation, its value holes bound as parameters. */
class Chunk {
  private readonly bindings: { from: number; to: number; bare: boolean }[] = [];
  private next: number;

  constructor(
    private readonly text: string,
    private readonly map: readonly number[],
    private readonly holeAt: ReadonlyMap<number, TemplateHole>,
    firstParameter: number,
  ) {
    this.next = firstParameter;
  }

  /** The text [from, to) (a literal holding value holes) is bound as one parameter. */
  bind(from: number, to: number, bare: boolean): void {
    if (!this.bindings.some((b) => b.from === from)) this.bindings.push({ from, to, bare });
  }

  /** undefined: nothing but blanks; null: the stretch does not parse with its holes bound as values. */
  operation(from: number, to: number, call: Span, fields: CallFields): HostOperation | undefined | null {
    if (!hasCode(this.text.slice(from, to).replaceAll(HOLE, 'x'))) return undefined;
    let sql = '';
    const literalMap: number[] = [];
    const standIns: { at: number; bare: boolean; label: string; fileOffset: number }[] = [];
    let i = from;
    for (const b of this.bindings.filter((x) => x.from >= from && x.to <= to).sort((x, y) => x.from - y.from)) {
      sql += this.text.slice(i, b.from);
      literalMap.push(...this.map.slice(i, b.from));
      const parameter = `$${this.next++}`;
      const labels = [...this.holeAt].filter(([at]) => at >= b.from && at < b.to).map(([, h]) => h.label);
      standIns.push({ at: sql.length, bare: b.bare, label: labels.join(', '), fileOffset: this.map[b.from]! });
      sql += parameter;
      for (let k = 0; k < parameter.length; k++) literalMap.push(this.map[b.from]!);
      i = b.to;
    }
    sql += this.text.slice(i, to);
    literalMap.push(...this.map.slice(i, to + 1));
    if (sql.includes(HOLE)) return null;
    const parsed = parseOrUndefined(sql);
    if (!parsed || (standIns.some((s) => s.bare) && bareParameterInDefault(parsed, this.next - standIns.length, standIns))) return null;
    const dynamicValues = splitStatements(sql)
      .map((piece) => standIns.filter((s) => s.at >= piece.start && s.at < piece.start + piece.text.length))
      .filter((inPiece) => inPiece.length > 0)
      .map((inPiece) => ({ span: { start: inPiece[0]!.fileOffset, end: inPiece[0]!.fileOffset + 1 }, reason: `values ${inPiece.map((s) => s.label).join(', ')} bound as parameters` }));
    return { sql, span: call, literalMap, ...fields, ...(dynamicValues.length > 0 ? { dynamicValues } : {}) };
  }
}

function parseOrUndefined(sql: string): Node[] | undefined {
  try {
    return (parseSync(sql).stmts ?? []).map((s) => s.stmt).filter((s): s is Node => s !== undefined);
  } catch {
    return undefined;
  }
}

/**
 * A bare hole in a column default may be any expression (`now()`, `gen_random_uuid()`): a parameter
 * there would read as a constant and make ADD COLUMN look free of a rewrite. Quoted holes are strings: constant.
 */
function bareParameterInDefault(stmts: readonly Node[], first: number, standIns: readonly { bare: boolean }[]): boolean {
  const bare = new Set(standIns.map((s, k) => (s.bare ? first + k : -1)).filter((n) => n > 0));
  const holdsBare = (value: unknown): boolean => {
    if (!value || typeof value !== 'object') return false;
    const param = (value as { ParamRef?: { number?: number } }).ParamRef;
    if (param && bare.has(param.number ?? 0)) return true;
    return Object.values(value).some(holdsBare);
  };
  const inDefault = (value: unknown): boolean => {
    if (!value || typeof value !== 'object') return false;
    const node = value as { Constraint?: { contype?: string; raw_expr?: unknown }; AlterTableCmd?: { subtype?: string; def?: unknown } };
    if (node.Constraint?.contype === 'CONSTR_DEFAULT' && holdsBare(node.Constraint.raw_expr)) return true;
    if (node.AlterTableCmd?.subtype === 'AT_ColumnDefault' && holdsBare(node.AlterTableCmd.def)) return true;
    return Object.values(value).some(inDefault);
  };
  return stmts.some(inDefault);
}
