// The comment block at the top of a migration file, where atlas and yoyo read their directives:
// blank lines and `--` lines before the first line of SQL.
import type { LineMatch } from '../discover/lines.js';

const COMMENT_OR_BLANK_RE = /^[ \t]*(?:--.*)?\r?$/;

/** The leading blank and `--` comment lines of `text`. */
export function headerLines(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  // The lines of matchLines(text, /^.*$/gm), taken one at a time: the header is a few lines of
  // a file that may be long, and every file under `auto` is asked for it.
  const line = /^.*$/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // As matchAll does after an empty match.
    if (end === start) line.lastIndex++;
    if (!COMMENT_OR_BLANK_RE.test(m[0])) break;
    let next = end;
    if (text[next] === '\r') next++;
    if (text[next] === '\n') next++;
    out.push({ start, end, next, groups: [] });
    if (next >= text.length) break;
  }
  return out;
}

/** Header lines matching `re` (anchored, no `g` flag), with its groups. */
export function headerDirectives(text: string, re: RegExp): LineMatch[] {
  return headerLines(text).flatMap((line) => {
    const m = re.exec(text.slice(line.start, line.end));
    return m ? [{ ...line, groups: m.slice(1).map((g) => g ?? '') }] : [];
  });
}
