// A naming template ("ix_{table}_{columns}") compiled for one object: whether a name follows it,
// and the name to suggest.

/** What the placeholders of a template stand for, for one object. */
export interface Values {
  table?: string;
  /** Alternative spellings of {columns} (the first is the suggested one). */
  columns?: string[];
  refTable?: string;
  /** A suggestion for {any} (e.g. the columns a CHECK mentions); {any} matches any [a-z0-9_]+. */
  anyHint?: string;
}

export interface Compiled {
  matches(name: string): boolean;
  /** The full expected name, when every placeholder has a value. */
  expected?: string;
  /** The template with the known values filled in, for messages. */
  shown: string;
}

const PLACEHOLDER = /\{(table|columns|ref_table|any)\}/g;
const WORD = '[a-z0-9_]+';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compile(tmpl: string, v: Values): Compiled {
  let source = '';
  let expected: string | undefined = '';
  let shown = '';
  let last = 0;
  for (const m of tmpl.matchAll(PLACEHOLDER)) {
    const literal = tmpl.slice(last, m.index);
    source += escape(literal);
    expected = expected === undefined ? undefined : expected + literal;
    shown += literal;
    last = (m.index ?? 0) + m[0].length;
    const [regex, value] = placeholder(m[1] ?? '', v);
    source += regex;
    expected = expected === undefined || value === undefined ? undefined : expected + value;
    shown += m[1] === 'any' || value === undefined ? m[0] : value;
  }
  const tail = tmpl.slice(last);
  source += escape(tail);
  shown += tail;
  if (expected !== undefined) expected += tail;
  const re = new RegExp(`^${source}$`);
  return { matches: (name) => re.test(name), ...(expected !== undefined ? { expected } : {}), shown };
}

/** [regex, suggested value] of one placeholder. */
function placeholder(name: string, v: Values): [string, string | undefined] {
  switch (name) {
    case 'table':
      return v.table === undefined ? [WORD, undefined] : [escape(v.table), v.table];
    case 'columns':
      return v.columns && v.columns.length > 0 ? [`(?:${v.columns.map(escape).join('|')})`, v.columns[0]] : [WORD, undefined];
    case 'ref_table':
      return v.refTable === undefined ? [WORD, undefined] : [escape(v.refTable), v.refTable];
    default:
      return [WORD, v.anyHint];
  }
}

/** The name to suggest: the expected name, or the template with what is known filled in. */
export function suggestion(c: Compiled): string {
  return c.expected !== undefined ? `"${c.expected}"` : `like "${c.shown}"`;
}
