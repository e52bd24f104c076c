// JS/TS string and template literals → their value plus the file offset of every code unit
// (HostOperation.literalMap), escapes decoded: a finding inside the SQL lands on the source character.
import type { StringLiteral, TemplateElement } from '@babel/types';

/** A string known statically, with the file offset of each code unit and one entry for its end. */
export interface MappedString {
  text: string;
  map: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * Decodes the raw source of a string or template literal body that starts at file offset `offset`.
 * `template`: raw CR/CRLF become LF, as the cooked value of a template literal has them.
 */
export function decodeLiteralBody(raw: string, offset: number, template: boolean): MappedString {
  let text = '';
  const map: number[] = [];
  const push = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) map.push(at);
    text += s;
  };
  let i = 0;
  while (i < raw.length) {
    const at = offset + i;
    const c = raw[i] as string;
    if (c === '\r' && template) {
      push('\n', at);
      i += raw[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (c !== '\\') {
      push(c, at);
      i++;
      continue;
    }
    const next = raw[i + 1] ?? '';
    if (next === '\r' || next === '\n' || next === '\u2028' || next === '\u2029') {
      i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2; // line continuation: no character
      continue;
    }
    if (next in SIMPLE_ESCAPES && !(next === '0' && /[0-9]/.test(raw[i + 2] ?? ''))) {
      push(SIMPLE_ESCAPES[next] as string, at);
      i += 2;
      continue;
    }
    if (next === 'x') {
      push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16)), at);
      i += 4;
      continue;
    }
    if (next === 'u') {
      if (raw[i + 2] === '{') {
        const close = raw.indexOf('}', i + 3);
        push(String.fromCodePoint(parseInt(raw.slice(i + 3, close), 16)), at);
        i = close + 1;
      } else {
        push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), at);
        i += 6;
      }
      continue;
    }
    push(next, at); // \' \" \\ \` \$ and identity escapes
    i += 2;
  }
  map.push(offset + raw.length);
  return { text, map };
}

/** A '…' / "…" literal: its body starts one past the quote. */
export function stringLiteral(node: StringLiteral, fileText: string): MappedString {
  const start = (node.start ?? 0) + 1;
  const end = (node.end ?? 0) - 1;
  return decodeLiteralBody(fileText.slice(start, end), start, false);
}

/** One quasi of a template literal (its raw text sits between the backtick/`}` and `${`/backtick). */
export function templateElement(node: TemplateElement, fileText: string): MappedString {
  const start = node.start ?? 0;
  return decodeLiteralBody(fileText.slice(start, node.end ?? start), start, true);
}

/** `a` followed by `b`; the end entry of `a` is dropped. */
export function concatMapped(a: MappedString, b: MappedString): MappedString {
  return { text: a.text + b.text, map: [...a.map.slice(0, -1), ...b.map] };
}

/** Text that stands for a hole or a folded constant: every code unit points at `offset`. */
export function pinned(text: string, offset: number, end: number): MappedString {
  return { text, map: [...Array.from({ length: text.length }, () => offset), end] };
}
