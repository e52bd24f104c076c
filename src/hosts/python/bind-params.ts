// SQLAlchemy text(): `:name` bind parameters become PostgreSQL's `$n` (what the driver receives once
// bound) and `\:` an escaped colon (sqlalchemy/sql/elements.py TextClause._bind_params_regex).
import type { PyString } from './literals.js';

const BIND = /(?<![:\w\\]):(\w+)(?!:)|\\:/g;

export function replaceBindParams(sql: PyString): PyString {
  if (!sql.value.includes(':')) return sql;
  const numbers = new Map<string, number>();
  const out: PyString = { value: '', map: [] };
  let at = 0;
  for (const match of sql.value.matchAll(BIND)) {
    const start = match.index;
    out.value += sql.value.slice(at, start);
    out.map.push(...sql.map.slice(at, start));
    const name = match[1];
    const replacement = name === undefined ? ':' : `$${numbers.get(name) ?? numbers.set(name, numbers.size + 1).size}`;
    out.value += replacement;
    for (let i = 0; i < replacement.length; i++) out.map.push(sql.map[start] as number);
    at = start + match[0].length;
  }
  out.value += sql.value.slice(at);
  out.map.push(...sql.map.slice(at));
  return out;
}
