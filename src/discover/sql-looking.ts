// Is a file's text SQL at all? A `.sql` name is no proof: a symlink to `../.env` or a key file
// would otherwise be parsed, and its lines echoed in code frames and "syntax error at or near"
// messages of every CI log. Such a file is an invalid-file problem that shows none of its text.
import type { DiscoveryProblem } from '../types.js';
import { problem } from './part.js';

/**
 * First lines no SQL file starts with, and the files that do start so: `KEY=value` (.env),
 * `root:x:0:0:` (passwd, shadow), `key: value` (YAML), `#` comments and `[sections]` (shell, INI,
 * TOML), `{` (JSON, but not a template's `{{`), `<` (XML). A typo (`SELEC 1`) still looks like SQL and gets its syntax error.
 */
const NOT_SQL_START = [/^(?:export[ \t]+)?[A-Za-z_][\w.-]*[ \t]*[=:]/, /^[#[<]|^\{(?!\{)/];
/** A PEM block (private keys, certificates): its armour line is an SQL comment, its body is not. */
const PEM_ARMOUR = '-----BEGIN ';

/** Offset of the first character that is not whitespace or inside a `--` / `/* … *\/` comment. */
function firstCodeOffset(text: string): number {
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x20 || (ch >= 0x09 && ch <= 0x0d) || ch === 0xfeff) i++;
    else if (text.startsWith('--', i)) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol + 1;
    } else if (text.startsWith('/*', i)) {
      // Comments nest in PostgreSQL.
      let depth = 0;
      do {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < text.length);
    } else break;
  }
  return i;
}

/** An invalid-file problem when the text is plainly not SQL (see NOT_SQL_START); a file of comments only is SQL. */
export function notSqlProblem(file: string, text: string): DiscoveryProblem | undefined {
  const start = firstCodeOffset(text);
  const pem = text.trimStart().startsWith(PEM_ARMOUR);
  const firstLine = text.slice(start, start + 256);
  if (!pem && !NOT_SQL_START.some((shape) => shape.test(firstLine))) return undefined;
  // The text is never echoed: it may be a secret that a symlink or a misnamed file brought in.
  return problem(file, 'invalid-file', 'does not look like SQL (a key=value, key: value, JSON, key or certificate file): not checked, its lines are not shown');
}
