// The comment block at the top of a migration file, where atlas and yoyo read their directives:
// blank lines and `--` lines before the first line of SQL.
import { matchLines, type LineMatch } from '../discover/lines.js';

const LINE_RE = /^.*$/gm;
const COMMENT_OR_BLANK_RE = /^[ \t]*(?:--.*)?\r?$/;

/** The leading blank and `--` comment lines of `text`. */
export function headerLines(text: string): LineMatch[] {
  const out: LineMatch[] = [];
  for (const line of matchLines(text, LINE_RE)) {
    if (!COMMENT_OR_BLANK_RE.test(text.slice(line.start, line.end))) break;
    out.push(line);
    if (line.next >= text.length) break;
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
