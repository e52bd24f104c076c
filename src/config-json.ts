// The rc file's JSON read by a small strict parser that knows where things are: a syntax error
// gets the line and column (Node's JSON.parse names neither in most messages), and each property
// key its position, so a config error can point at the key it is about.
import { LineIndex } from './text.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export interface LocatedJson {
  value: unknown;
  /** `line:column` of a property key or array element, by the path config messages print (`apply.lockTimeout`, `rules.x[1]`). */
  locate(path: string): string | undefined;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function describe(c: string | undefined): string {
  if (c === undefined) return 'end of file';
  if (c === '/') return "'/' (JSON has no comments)";
  if (c === "'") return "' (JSON strings take double quotes)";
  return JSON.stringify(c);
}

export function parseJsonLocated(text: string): LocatedJson {
  const lines = new LineIndex(text);
  const offsets = new Map<string, number>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    const { line, column } = lines.position(at);
    throw new JsonSyntaxError(message, line, column);
  };
  const skipWhitespace = () => {
    while (WHITESPACE.has(text[i] ?? '')) i++;
  };
  const expect = (c: string, what: string) => {
    skipWhitespace();
    if (text[i] !== c) fail(`expected ${what}, found ${describe(text[i])}`);
    i++;
  };
  const string = (): string => {
    const start = i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string', start);
      if (c === '"') break;
      if (c === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) fail('invalid escape in string');
        i = ESCAPE.lastIndex;
        continue;
      }
      if (c! < ' ') fail('control character in string (write \\n, \\t …)');
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skipWhitespace();
    const c = text[i];
    if (c === '{') {
      i++;
      skipWhitespace();
      if (text[i] === '}') return void i++;
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(text[i])}`);
        const at = i;
        const key = string();
        const keyPath = path ? `${path}.${key}` : key;
        offsets.set(keyPath, at);
        expect(':', `':' after "${key}"`);
        value(keyPath);
        skipWhitespace();
        if (text[i] === '}') return void i++;
        if (text[i] !== ',') fail(`expected ',' or '}' after the value of "${key}", found ${describe(text[i])}`);
        const comma = i++;
        skipWhitespace();
        if (text[i] === '}') fail("trailing comma before '}' (JSON allows none)", comma);
      }
    }
    if (c === '[') {
      i++;
      skipWhitespace();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        skipWhitespace();
        offsets.set(`${path}[${n}]`, i);
        value(`${path}[${n}]`);
        skipWhitespace();
        if (text[i] === ']') return void i++;
        if (text[i] !== ',') fail(`expected ',' or ']' in the list, found ${describe(text[i])}`);
        const comma = i++;
        skipWhitespace();
        if (text[i] === ']') fail("trailing comma before ']' (JSON allows none)", comma);
      }
    }
    if (c === '"') return void string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail(`expected a value, found ${describe(c)}`);
  };

  value('');
  skipWhitespace();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the JSON value`);
  return {
    value: JSON.parse(text) as unknown,
    locate: (path) => {
      const at = offsets.get(path);
      if (at === undefined) return undefined;
      const { line, column } = lines.position(at);
      return `${line}:${column}`;
    },
  };
}
