// Python string literals → their value plus, for each code unit, the file offset it came from
// ('…', "…", '''…''', r'', u'', f'' with constant holes, implicit concatenation of adjacent literals).
import type { TemplatePart } from '../holes.js';
import type { SyntaxNode } from './parse.js';

export interface PyString {
  value: string;
  /** File offset (UTF-16) of each code unit of `value`, plus one entry for its end. */
  map: number[];
}

export interface Dynamic {
  dynamic: string;
  /** An f-string whose only unknowns are its holes: its literal parts and holes (src/hosts/holes.ts). */
  template?: TemplatePart[];
}

/** Resolves an f-string hole's expression to a constant string, or undefined when it is not one. */
export type HoleResolver = (expression: SyntaxNode) => PyString | undefined;

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The value of a string literal node (String, FormatString, ContinuedString). */
export function decodeString(node: SyntaxNode, text: string, resolveHole: HoleResolver): PyString | Dynamic {
  if (node.name === 'ContinuedString') {
    const out: PyString = { value: '', map: [] };
    const template: TemplatePart[] = [];
    let dynamic: Dynamic | undefined;
    for (let part = node.firstChild; part; part = part.nextSibling) {
      const piece = decodeString(part, text, resolveHole);
      if ('dynamic' in piece && !piece.template) return piece;
      dynamic ??= 'dynamic' in piece ? piece : undefined;
      template.push(...('dynamic' in piece ? piece.template! : [{ text: piece.value, map: piece.map }]));
      if ('dynamic' in piece) continue;
      out.value += piece.value;
      out.map.push(...piece.map.slice(0, -1));
      out.map[out.value.length] = piece.map[piece.map.length - 1] as number;
    }
    return dynamic ? { dynamic: dynamic.dynamic, template } : out;
  }
  const source = text.slice(node.from, node.to);
  const prefix = /^[rRuUbBfF]*/.exec(source)?.[0] ?? '';
  const lower = prefix.toLowerCase();
  if (lower.includes('b')) return { dynamic: 'bytes literal' };
  const quoteAt = node.from + prefix.length;
  const quote = text.startsWith("'''", quoteAt) || text.startsWith('"""', quoteAt) ? text.slice(quoteAt, quoteAt + 3) : text.charAt(quoteAt);
  const bodyStart = quoteAt + quote.length;
  const bodyEnd = node.to - quote.length;
  const out: PyString = { value: '', map: [] };
  const holes = node.name === 'FormatString' ? node.getChildren('FormatReplacement') : [];
  // Literal pieces and unknown holes, once a hole is not a constant.
  const template: TemplatePart[] = [];
  let piece = 0;
  let unknown: Dynamic | undefined;
  let at = bodyStart;
  for (const hole of [...holes, undefined]) {
    const end = hole ? hole.from : bodyEnd;
    const failed = appendLiteral(out, text, at, end, lower.includes('r'), lower.includes('f'));
    if (failed) return failed;
    if (!hole) break;
    const filled = fillHole(hole, resolveHole);
    if ('dynamic' in filled) {
      if (filled.dynamic !== NON_CONSTANT) return filled;
      unknown ??= filled;
      template.push({ text: out.value.slice(piece), map: [...out.map.slice(piece), hole.from] });
      template.push({ hole: { start: hole.from, end: hole.to }, label: shortHole(text.slice(hole.from, hole.to)), reason: 'SQL built at run time' });
      piece = out.value.length;
    } else {
      out.value += filled.value;
      for (let i = 0; i < filled.value.length; i++) out.map.push(hole.from);
    }
    at = hole.to;
  }
  out.map.push(bodyEnd);
  if (!unknown) return out;
  template.push({ text: out.value.slice(piece), map: out.map.slice(piece) });
  return { dynamic: unknown.dynamic, template };
}

const NON_CONSTANT = 'f-string hole with a non-constant value';

const shortHole = (source: string): string => (source.length > 40 || source.includes('\n') ? `${source.slice(0, 37).split('\n')[0]}…}` : source);

function fillHole(hole: SyntaxNode, resolveHole: HoleResolver): PyString | Dynamic {
  const inner = hole.firstChild?.nextSibling;
  const rest = inner?.nextSibling;
  if (!inner || !rest || rest.name !== '}') return { dynamic: 'f-string hole with a conversion or format spec' };
  return resolveHole(inner) ?? { dynamic: NON_CONSTANT };
}

function appendLiteral(out: PyString, text: string, from: number, to: number, raw: boolean, format: boolean): Dynamic | undefined {
  let i = from;
  while (i < to) {
    const ch = text.charAt(i);
    if (format && (ch === '{' || ch === '}') && text.charAt(i + 1) === ch) {
      push(out, ch, i);
      i += 2;
      continue;
    }
    if (ch !== '\\' || raw) {
      // A raw string keeps the backslash, but it still protects the character after it.
      const width = ch === '\\' && i + 1 < to ? 2 : 1;
      for (let k = 0; k < width; k++) push(out, text.charAt(i + k), i + k);
      i += width;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === '\n') {
      i += 2;
    } else if (next === '\r') {
      i += text.charAt(i + 2) === '\n' ? 3 : 2;
    } else if (next in SIMPLE_ESCAPES) {
      push(out, SIMPLE_ESCAPES[next] as string, i);
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1, Math.min(to, i + 4)))?.[0] ?? next;
      push(out, String.fromCodePoint(parseInt(digits, 8)), i);
      i += 1 + digits.length;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return { dynamic: `invalid \\${next} escape` };
      const unit = String.fromCodePoint(parseInt(hex, 16));
      for (const c of unit.split('')) push(out, c, i);
      i += 2 + width;
    } else if (next === 'N') {
      return { dynamic: 'a \\N{…} escape' };
    } else {
      push(out, '\\', i);
      i += 1;
    }
  }
  return undefined;
}

function push(out: PyString, chars: string, offset: number): void {
  out.value += chars;
  for (let k = 0; k < chars.length; k++) out.map.push(offset);
}
