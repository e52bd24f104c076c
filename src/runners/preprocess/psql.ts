// What psql does to a script before the server sees it (sqitch's pg engine runs every script with
// `psql --file`, `--set ON_ERROR_STOP=1 --set registry=<registry>` and a `--set` per configured
// variable: App::Sqitch::Engine::pg, sqitchers/sqitch lib/App/Sqitch/Engine/pg.pm). psql's lexer
// (src/fe_utils/psqlscan.l, psql docs "Meta-Commands" and "SQL Interpolation"):
// - an unquoted backslash outside quotes, comments and dollar quotes starts a meta-command, whose
//   arguments run to the end of the line or to an unquoted `\\`; `\copy` takes the whole rest of
//   the line. The meta-command becomes spaces; one that sends the query buffer (`\g`, `\gset`,
//   `\gexec` …) becomes `;` and spaces, which ends the statement where psql sends it. `\;` and
//   `\:` put a plain `;` / `:` in the buffer.
// - `\i` / `\ir` / `\include` / `\include_relative` run another file's statements here: not
//   followed (offsets could not name that file), reported as include-not-linted.
// - `\if` … `\endif`: every branch is linted, as if each ran.
// - after `COPY … FROM STDIN` (or `\copy … from stdin`), the lines up to `\.` are data: spaces.
// - `:name`, `:'name'`, `:"name"` of a variable psql knows (set by `\set` above, by sqitch's
//   `--set`, or psql's own) become `_name`, ` 'name'` (a string literal) and ` "name"` (a quoted
//   identifier); an unknown one stays as written, as psql leaves it. After `\gset`, whose
//   variables are named by the query's columns, every `:name` counts as known.
import type { RewrittenConstruct } from '../../types.js';
import { hasCode } from '../../split.js';
import { sqlContexts } from './sql-context.js';

export interface PsqlScript {
  text: string;
  rewritten: RewrittenConstruct[];
  /** `\i`-style includes: the command's span (section offsets) and the file named. */
  includes: { start: number; end: number; command: string; file: string }[];
}

/** Variables psql sets itself (psql docs, "Variables"). */
const PSQL_VARIABLES = ['AUTOCOMMIT', 'DBNAME', 'ENCODING', 'HOST', 'PORT', 'USER', 'VERSION', 'VERSION_NAME', 'VERSION_NUM', 'SERVER_VERSION_NAME', 'SERVER_VERSION_NUM', 'ON_ERROR_STOP', 'ERROR', 'SQLSTATE', 'ROW_COUNT', 'LAST_ERROR_MESSAGE', 'LAST_ERROR_SQLSTATE'];
const SENDS_BUFFER = new Set(['g', 'gx', 'gset', 'gexec', 'gdesc', 'crosstabview', 'watch']);
const INCLUDES = new Set(['i', 'ir', 'include', 'include_relative']);
const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;
const VARIABLE_CHAR = /[A-Za-z0-9_\u0080-\uffff]/;

/** `variables`: names sqitch passes with `--set` (its config's variables and `registry`). */
export function psqlScript(text: string, offset: number, variables: Iterable<string>): PsqlScript {
  const known = new Set([...PSQL_VARIABLES, 'registry', ...variables]);
  let anyKnown = false;
  const chars = text.split('');
  const rewritten: RewrittenConstruct[] = [];
  const includes: PsqlScript['includes'] = [];
  let statementStart = 0;
  const replace = (start: number, end: number, kind: string, standIn: string) => {
    for (let i = start; i < end; i++) if (text[i] !== '\n' && text[i] !== '\r') chars[i] = standIn[i - start] ?? ' ';
    rewritten.push({ span: { start: offset + start, end: offset + end }, kind, text: text.slice(start, end) });
  };
  const copyData = (from: number): number => {
    const lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) return text.length;
    const dataEnd = endOfCopyData(text, lineEnd + 1);
    if (dataEnd > lineEnd + 1) replace(lineEnd + 1, dataEnd, 'COPY data', '');
    return dataEnd;
  };

  sqlContexts(text, (at) => {
    const c = text[at];
    if (c === ';') {
      const copy = COPY_FROM_STDIN.test(text.slice(statementStart, at).replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ''));
      statementStart = at + 1;
      return copy ? copyData(at + 1) : undefined;
    }
    if (c === ':' && text[at + 1] === ':') return at + 2;
    if (c === ':' && text[at - 1] !== ':') return variable(at);
    if (c !== '\\') return undefined;
    if (text[at + 1] === ';' || text[at + 1] === ':') {
      replace(at, at + 2, 'psql meta-command', ` ${text[at + 1] ?? ''}`);
      return at + 2;
    }
    const name = /^[A-Za-z_]+|^./.exec(text.slice(at + 1, at + 40))?.[0] ?? '';
    const end = metaCommandEnd(text, at, name);
    const args = text.slice(at + 1 + name.length, end).trim();
    const sends = SENDS_BUFFER.has(name);
    replace(at, end, 'psql meta-command', sends ? ';' : '');
    if (!hasCode(text.slice(statementStart, at))) statementStart = end;
    if (name === 'set') {
      const variableName = /^\S+/.exec(args)?.[0];
      if (variableName) known.add(variableName);
    } else if (name === 'gset') {
      anyKnown = true;
    } else if (INCLUDES.has(name) && args !== '') {
      includes.push({ start: at, end, command: `\\${name}`, file: unquote(args) });
    }
    if (sends) statementStart = end;
    if (name === 'copy' && /\bfrom\s+stdin\b/i.test(args)) return copyData(end);
    return end;
  });
  return { text: chars.join(''), rewritten, includes };

  function variable(at: number): number | undefined {
    const open = text[at + 1];
    if (open === "'" || open === '"') {
      const close = text.indexOf(open, at + 2);
      const name = close < 0 ? '' : text.slice(at + 2, close);
      if (!/^[A-Za-z0-9_\u0080-\uffff]+$/.test(name) || !(anyKnown || known.has(name))) return undefined;
      replace(at, close + 1, 'psql variable', ` ${open}${name}${open}`);
      return close + 1;
    }
    let end = at + 1;
    while (end < text.length && VARIABLE_CHAR.test(text[end] ?? '')) end++;
    const name = text.slice(at + 1, end);
    if (name === '' || !(known.has(name) || (anyKnown && /^[A-Za-z_]/.test(name)))) return undefined;
    replace(at, end, 'psql variable', `_${name}`);
    return end;
  }
}

/** The end of a meta-command: the line's end, or an unquoted `\\` (not for `\copy`). */
function metaCommandEnd(text: string, at: number, name: string): number {
  let i = at + 1 + name.length;
  let quote: string | undefined;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
    const c = text[i];
    if (name !== 'copy') {
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"' || c === '`') {
        quote = c;
      } else if (c === '\\' && text[i + 1] === '\\') {
        return i + 2;
      }
    }
    i++;
  }
  return i;
}

/** After the line of a COPY … FROM STDIN: the offset past its `\.` line (or the text's end). */
function endOfCopyData(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    if (text.slice(i, lineEnd).replace(/\r$/, '') === '\\.') return lineEnd;
    i = lineEnd + 1;
  }
  return text.length;
}

function unquote(arg: string): string {
  const m = /^'((?:[^']|'')*)'|^(\S+)/.exec(arg);
  return m?.[1]?.replaceAll("''", "'") ?? m?.[2] ?? arg;
}
