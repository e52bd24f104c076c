// The names PostgreSQL generates for unnamed constraints and indexes (makeObjectName,
// ChooseRelationName, ChooseConstraintName, ChooseIndexColumnNames in its source).
import type { IndexElem, Node } from '@pgsql/types';

/** NAMEDATALEN - 1: longer identifiers are truncated, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Clip a UTF-8 buffer to at most `length` bytes without splitting a character. */
function clip(bytes: Buffer, length: number): string {
  let end = Math.min(length, bytes.length);
  while (end > 0 && end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** `name1_name2_label`, shortening the longer of name1/name2 until it fits in 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  const b1 = Buffer.from(name1, 'utf8');
  const b2 = Buffer.from(name2 ?? '', 'utf8');
  const overhead = (label ? Buffer.byteLength(label, 'utf8') + 1 : 0) + (name2 !== undefined ? 1 : 0);
  const avail = MAX_IDENTIFIER_BYTES - overhead;
  let n1 = b1.length;
  let n2 = b2.length;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  let name = clip(b1, n1);
  if (name2 !== undefined) name += `_${clip(b2, n2)}`;
  if (label) name += `_${label}`;
  return name;
}

/** makeObjectName, then label1, label2 … until `taken` says the name is free. */
export function chooseName(name1: string, name2: string | undefined, label: string, taken: (name: string) => boolean): string {
  let name = makeObjectName(name1, name2, label);
  for (let pass = 1; taken(name); pass++) name = makeObjectName(name1, name2, `${label}${pass}`);
  return name;
}

/** Column names joined by `_`, stopping once the result reaches 63 bytes. */
export function joinColumnNames(columns: readonly string[]): string | undefined {
  if (columns.length === 0) return undefined;
  let out = '';
  for (const column of columns) {
    if (out) out += '_';
    out += column;
    if (Buffer.byteLength(out, 'utf8') >= MAX_IDENTIFIER_BYTES) break;
  }
  return out;
}

/** The name an index key contributes: its column, a function's name, else "expr". */
function figureIndexColumnName(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if ('FuncCall' in node) {
    const names = node.FuncCall.funcname ?? [];
    const last = names[names.length - 1];
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('TypeCast' in node) {
    const inner = figureIndexColumnName(node.TypeCast.arg);
    if (inner) return inner;
    const names = node.TypeCast.typeName?.names ?? [];
    const last = names[names.length - 1];
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('ColumnRef' in node) {
    const fields = node.ColumnRef.fields ?? [];
    const last = fields[fields.length - 1];
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('CoalesceExpr' in node) return 'coalesce';
  return undefined;
}

/** ChooseIndexColumnNames: one name per key, duplicates made unique with a number. */
export function indexColumnNames(elems: readonly IndexElem[]): string[] {
  const out: string[] = [];
  for (const elem of elems) {
    const base = elem.indexcolname ?? elem.name ?? figureIndexColumnName(elem.expr) ?? 'expr';
    let name = base;
    for (let i = 1; out.includes(name); i++) name = `${base}${i}`;
    out.push(name);
  }
  return out;
}
