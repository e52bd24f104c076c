// JS/TS string and template literals → their value plus the file offset of every code unit
// (HostOperation.literalMap), escapes decoded: a finding inside the SQL lands on the source character.
import type { StringLiteral, TemplateElement } from '@babel/types';
import { decodeJs } from './literal.js';

/** A string known statically, with the file offset of each code unit and one entry for its end. */
export interface MappedString {
  text: string;
  map: number[];
}

/** The literal's body [from, to) of the file decoded (src/hosts/js/literal.ts decodeJs). */
function decoded(fileText: string, from: number, to: number, template: boolean): MappedString {
  const { value, map } = decodeJs(fileText, from, to, template);
  return { text: value, map };
}

/** A '…' / "…" literal: its body starts one past the quote. */
export function stringLiteral(node: StringLiteral, fileText: string): MappedString {
  return decoded(fileText, (node.start ?? 0) + 1, (node.end ?? 0) - 1, false);
}

/** One quasi of a template literal (its raw text sits between the backtick/`}` and `${`/backtick). */
export function templateElement(node: TemplateElement, fileText: string): MappedString {
  const start = node.start ?? 0;
  return decoded(fileText, start, node.end ?? start, true);
}

/** `a` followed by `b`; the end entry of `a` is dropped. */
export function concatMapped(a: MappedString, b: MappedString): MappedString {
  return { text: a.text + b.text, map: [...a.map.slice(0, -1), ...b.map] };
}

/** Text that stands for a hole or a folded constant: every code unit points at `offset`. */
export function pinned(text: string, offset: number, end: number): MappedString {
  return { text, map: [...Array.from({ length: text.length }, () => offset), end] };
}
