// The string a JS/TS expression statically is — a string literal, a template literal whose holes
// are local constants, a `+` concatenation of those — with the file offset of each of its code
// units (escapes decoded), so SQL findings point inside the literal. Anything else is dynamic.
import type { Expression, Node, PrivateName } from '@babel/types';
import type { TemplateHole, TemplatePart } from '../holes.js';

export interface StaticString {
  value: string;
  /** File offset of each code unit of `value`, plus one for its end (HostOperation.literalMap). */
  map: number[];
}

/** Not static; `template`: the literal parts and holes it is made of, when it is a template or `+` of strings. */
export type Resolved = StaticString | { unresolved: string; template?: TemplatePart[] };

/** Constants the file declares once (`const TABLE = "orders"`), by name: what template holes may name. */
export type Constants = ReadonlyMap<string, Expression>;

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes the source text of a literal's content [from, to): escapes, and (templates) CRLF → LF. */
export function decodeJs(text: string, from: number, to: number, template: boolean): StaticString {
  let value = '';
  const map: number[] = [];
  const put = (s: string, at: number) => {
    value += s;
    for (let k = 0; k < s.length; k++) map.push(at);
  };
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (ch === '\r' && template) {
      put('\n', i);
      i += text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch !== '\\') {
      put(ch, i);
      i++;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next in SIMPLE && !(next === '0' && /[0-9]/.test(text[i + 2] ?? ''))) {
      put(SIMPLE[next]!, i);
      i += 2;
    } else if (next === 'x') {
      put(String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16)), i);
      i += 4;
    } else if (next === 'u' && text[i + 2] === '{') {
      const close = text.indexOf('}', i);
      put(String.fromCodePoint(parseInt(text.slice(i + 3, close), 16)), i);
      i = close + 1;
    } else if (next === 'u') {
      put(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i);
      i += 6;
    } else if (next === '\r' || next === '\n' || next === '\u2028' || next === '\u2029') {
      // A line continuation: nothing.
      i += next === '\r' && text[i + 2] === '\n' ? 3 : 2;
    } else {
      put(next, i);
      i += 2;
    }
  }
  map.push(to);
  return { value, map };
}

const join = (parts: readonly StaticString[], end: number): StaticString => {
  const map: number[] = [];
  let value = '';
  for (const p of parts) {
    value += p.value;
    map.push(...p.map.slice(0, -1));
  }
  map.push(parts.length > 0 ? parts[parts.length - 1]!.map[parts[parts.length - 1]!.map.length - 1]! : end);
  return { value, map };
};

/** A constant substituted into the SQL: its code units are not in the literal, they sit at the hole. */
const at = (value: string, offset: number, end: number): StaticString => ({ value, map: [...Array<number>(value.length).fill(offset), end] });

const asPart = (s: StaticString): TemplatePart => ({ text: s.value, map: s.map });

/** A hole the template cannot fill statically, named as written (shortened) and by what builds it. */
function holeOf(node: Node | PrivateName, start: number, end: number, text: string): TemplateHole {
  const source = text.slice(node.start ?? 0, node.end ?? 0);
  const name = node.type === 'CallExpression' ? calleeName(node.callee) : undefined;
  const short = name ? `${name}(…)` : source.length > 40 || source.includes('\n') ? `${source.slice(0, 37).split('\n')[0]}…` : source;
  const reason = node.type === 'CallExpression' ? 'SQL built by a helper function' : node.type === 'Identifier' ? `SQL in variable ${node.name}` : 'SQL built at run time';
  return { hole: { start, end }, label: `\${${short}}`, reason };
}

/** `helper`, `utils.helper`, `this.helper`: the function a call names, when it names one. */
function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'ThisExpression') return 'this';
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const object = calleeName(callee.object);
  return object === undefined ? undefined : `${object}.${callee.property.name}`;
}

function describe(node: Node | PrivateName): string {
  switch (node.type) {
    case 'Identifier':
      return `variable ${node.name}`;
    case 'CallExpression': {
      const name = calleeName(node.callee);
      return name ? `a call of ${name}()` : 'a function call';
    }
    case 'MemberExpression':
      return 'a property';
    default:
      return 'a dynamic expression';
  }
}

/** The static string of an expression, or why it is not one. */
export function staticString(node: Expression | PrivateName, text: string, constants: Constants, depth = 0): Resolved {
  const start = node.start ?? 0;
  const end = node.end ?? start;
  switch (node.type) {
    case 'StringLiteral':
      return decodeJs(text, start + 1, end - 1, false);
    case 'NumericLiteral':
      return at(String(node.value), start, end);
    case 'TemplateLiteral': {
      const statics: StaticString[] = [];
      const parts: TemplatePart[] = [];
      const literal = (s: StaticString) => {
        statics.push(s);
        parts.push(asPart(s));
      };
      let firstReason: string | undefined;
      for (let i = 0; i < node.quasis.length; i++) {
        const quasi = node.quasis[i]!;
        literal(decodeJs(text, quasi.start ?? 0, quasi.end ?? 0, true));
        const hole = node.expressions[i];
        if (!hole) continue;
        const source = `\${${text.slice(hole.start ?? 0, hole.end ?? 0)}}`;
        const inner = hole.type.startsWith('TS') ? undefined : staticString(hole as Expression, text, constants, depth + 1);
        if (!inner || 'unresolved' in inner) {
          firstReason ??= hole.type === 'CallExpression' ? `a template hole with ${describe(hole)}` : `a template hole ${source}`;
          if (inner?.template) parts.push(...inner.template);
          else parts.push(holeOf(hole, (hole.start ?? 2) - 2, (hole.end ?? 0) + 1, text));
          continue;
        }
        // The constant's text is not in this literal: its code units sit at the hole.
        literal(at(inner.value, (hole.start ?? 2) - 2, (hole.end ?? 0) + 1));
      }
      return firstReason ? { unresolved: firstReason, template: parts } : join(statics, end - 1);
    }
    case 'BinaryExpression': {
      if (node.operator !== '+') return { unresolved: `a ${node.operator} expression` };
      const left = staticString(node.left, text, constants, depth);
      const right = staticString(node.right, text, constants, depth);
      if (!('unresolved' in left) && !('unresolved' in right)) return join([left, right], end);
      const parts = [left, right].flatMap((side, k): TemplatePart[] => {
        const operand = k === 0 ? node.left : node.right;
        if (!('unresolved' in side)) return [asPart(side)];
        return side.template ?? [holeOf(operand, operand.start ?? 0, operand.end ?? 0, text)];
      });
      return { unresolved: 'unresolved' in left ? left.unresolved : (right as { unresolved: string }).unresolved, template: parts };
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return staticString(node.expression, text, constants, depth);
    case 'Identifier': {
      const value = constants.get(node.name);
      if (!value || depth > 8) return { unresolved: describe(node) };
      // The SQL is the constant's literal: positions (and fixes) are there.
      const inner = staticString(value, text, constants, depth + 1);
      return 'unresolved' in inner ? { unresolved: describe(node), ...(inner.template ? { template: inner.template } : {}) } : inner;
    }
    default:
      return { unresolved: describe(node) };
  }
}
