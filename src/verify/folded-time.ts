// PostgreSQL folds 'now'::timestamp, 'today'::date and the like into a literal when a view is
// created, so the same CREATE VIEW run twice stores two definitions. Two definitions are the same
// modulo folded time when they differ only in temporal literals that both fall within this run
// (from process start to now, a day either side for dates and the session time zone).
const TEMPORAL_LITERAL = /'(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?)[^']*'::(?:timestamp with(?:out)? time zone|date)\b/g;
const DAY_MS = 86_400_000;

function literalMs(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}${value.length > 10 ? 'Z' : 'T00:00:00Z'}`);
}

function withinThisRun(value: string): boolean {
  const ms = literalMs(value);
  return ms >= performance.timeOrigin - DAY_MS && ms <= Date.now() + DAY_MS;
}

function split(definition: string): { text: string[]; literals: string[] } {
  const literals: string[] = [];
  const text = definition
    .replace(TEMPORAL_LITERAL, (whole, value: string) => {
      literals.push(value);
      return whole.replace(value, '\u0000');
    })
    .split('\u0000');
  return { text, literals };
}

/** True when `a` and `b` differ, but only in temporal literals PostgreSQL folded during this run. */
export function differsOnlyInFoldedTime(a: string, b: string): boolean {
  if (a === b) return false;
  const x = split(a);
  const y = split(b);
  if (x.literals.length !== y.literals.length || x.text.join('\u0000') !== y.text.join('\u0000')) return false;
  return x.literals.every((lit, i) => lit === y.literals[i] || (withinThisRun(lit) && withinThisRun(y.literals[i]!)));
}
