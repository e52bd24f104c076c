// Offsets and positions in a file's text: UTF-16 offsets ↔ 1-based line/column.
import type { Position, Span } from './types.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  /** 1-based line and column (UTF-16 code units) of an offset. A CR before LF ends the line. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo] + 1 };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** The text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? this.starts[line] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

const lineIndexes = new WeakMap<object, LineIndex>();

/** One LineIndex per source text object, built on first use. */
export function lineIndexFor(source: { text: string }): LineIndex {
  let index = lineIndexes.get(source);
  if (!index) {
    index = new LineIndex(source.text);
    lineIndexes.set(source, index);
  }
  return index;
}

/** Maps UTF-8 byte offsets of a string to UTF-16 offsets. Identity for ASCII text. */
export function byteToUtf16Mapper(text: string): (byteOffset: number) => number {
  // eslint-style fast path: pure ASCII text has equal byte and UTF-16 offsets.
  if (!/[^\x00-\x7f]/.test(text)) return (b) => Math.min(b, text.length);
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    if (code >= 0x10000) i++;
  }
  map.push(text.length);
  return (b) => (b >= map.length ? text.length : map[Math.max(0, b)]);
}

/** UTF-16 offset of the n-th code point (0-based) of a string. */
export function codePointToUtf16(text: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints && offset < text.length; n++) {
    offset += text.codePointAt(offset)! >= 0x10000 ? 2 : 1;
  }
  return offset;
}

export function spanOf(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}
