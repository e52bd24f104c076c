// `-- atlas:delimiter X`: Atlas ends a statement at X instead of `;` (escapes \n, \r, \t allowed),
// outside quotes, dollar quotes, comments and parentheses, the delimiter taking precedence over
// a comment (so `\n---\n` works). migrationlint parses `;`, so each delimiter becomes one `;` in
// a view of the same length: offsets and line numbers of the original file stay true.
// Source: ariga/atlas sql/migrate/lex.go (Scanner.stmt, setDelim).

/** The delimiter a directive value names (`\n---\n` → newline, three dashes, newline). */
export const unescapeDelimiter = (value: string) => value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t');

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The delimiter's text turned into one `;`: on its first visible character, else on its last one (`\n\n` → `\n;`). Line breaks stay. */
function semicolonFor(delimiter: string): string {
  const chars = [...delimiter];
  let at = chars.findIndex((c) => !isSpace(c));
  if (at < 0) at = chars.length - 1;
  return chars.map((c, i) => (i === at ? ';' : c === '\n' || c === '\r' ? c : ' ')).join('');
}

const DOLLAR_TAG_RE = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/** `text` with each delimiter from `from` on replaced by a `;` of the same length. */
export function withAtlasDelimiter(text: string, delimiter: string, from: number): string {
  if (delimiter === ';' || delimiter === '') return text;
  const replacement = semicolonFor(delimiter);
  let out = text.slice(0, from);
  let depth = 0;
  let i = from;
  const skipTo = (end: number) => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (depth === 0 && text.startsWith(delimiter, i)) {
      out += replacement;
      i += delimiter.length;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      skipTo(close < 0 ? text.length : close + 1);
    } else if (c === '$' && DOLLAR_TAG_RE.test(text.slice(i, i + 64))) {
      const tag = (DOLLAR_TAG_RE.exec(text.slice(i, i + 64)) as RegExpExecArray)[0];
      const close = text.indexOf(tag, i + tag.length);
      skipTo(close < 0 ? text.length : close + tag.length);
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      skipTo(nl < 0 ? text.length : nl);
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      skipTo(close < 0 ? text.length : close + 2);
    } else {
      if (c === '(') depth++;
      else if (c === ')' && depth > 0) depth--;
      skipTo(i + 1);
    }
  }
  return out;
}
